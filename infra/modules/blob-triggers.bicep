// Event Grid subscriptions that fire the app's Event Grid blob triggers: BlobCreated events of one container
// go to the blob extension's webhook for one function. The webhook is keyed with the host's blobs_extension
// system key, which exists only once the host has run the code that declares those triggers, so this is
// deployed after the app's package (main.bicep's connectBlobTriggers).

param functionAppName string
param systemTopicName string

@description('Function name -> the container whose new blobs it handles.')
param triggers object

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

// Bicep has no type for sites/host, so its keys are listed by resource id.
var blobsExtensionKey = listKeys('${app.id}/host/default', '2024-04-01').systemKeys.blobs_extension

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource subscriptions 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = [
  for trigger in items(triggers): {
    parent: systemTopic
    name: toLower(trigger.key)
    properties: {
      destination: {
        endpointType: 'WebHook'
        properties: {
          endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${trigger.key}&code=${blobsExtensionKey}'
          maxEventsPerBatch: 1
        }
      }
      eventDeliverySchema: 'EventGridSchema'
      filter: {
        includedEventTypes: [
          'Microsoft.Storage.BlobCreated'
        ]
        subjectBeginsWith: '/blobServices/default/containers/${trigger.value}/'
      }
      retryPolicy: {
        maxDeliveryAttempts: 30
        eventTimeToLiveInMinutes: 1440
      }
    }
  }
]
