// Callaro Functions from nothing into one resource group: a Flex Consumption function app (.NET isolated)
// running as a user-assigned identity, a storage account for the call log and one for the Functions host and
// the deployed package (both without shared keys), the secrets in Key Vault, Application Insights, and the
// Event Grid topic whose events fire the recording and transcript blob triggers. See docs/deploy.md.

targetScope = 'resourceGroup'

@description('Function app name; also the host name <name>.azurewebsites.net, so unique in Azure.')
@minLength(2)
@maxLength(60)
param appName string = 'callaro-${uniqueString(resourceGroup().id)}'

param location string = resourceGroup().location

param tags object = {}

@description('Callaro__Storage__NamePrefix: prefix of every table and container (lowercase letters and digits, starting with a letter).')
@maxLength(20)
param namePrefix string = ''

@description('The address providers sign webhooks for, e.g. https://callaro.example.net; empty: https://<the app\'s default host name>.')
param publicBaseUrl string = ''

@description('NCRONTAB schedule (6 fields) of the health-report timer.')
param healthReportSchedule string = '0 0 * * * *'

@secure()
@description('Secret that signs Callaro\'s own event webhooks.')
param webhookSigningSecret string

@secure()
@description('Twilio account auth token (validates Twilio\'s signatures).')
param twilioAuthToken string

@secure()
@description('Vonage signature secret (validates Vonage\'s signed webhooks).')
param vonageSignatureSecret string

@secure()
@description('Key that signs call-log paging cursors: base64 of 32 random bytes.')
param callLogCursorKey string

@description('Access keys for reading the call log: the SHA-256 of each key, never the key (docs/deploy.md says how to make one).')
param accessKeys accessKey[] = []

@description('Twilio account SID -> workspace id, for accounts that do not log into workspace "default".')
param twilioWorkspaces object = {}

@description('Vonage application id -> workspace id, for applications that do not log into workspace "default".')
param vonageWorkspaces object = {}

@description('Create the Event Grid subscriptions of the blob triggers. Needs the app\'s code deployed first: the subscriptions use a key the running host creates.')
param connectBlobTriggers bool = false

@description('Largest number of instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance (MB); Flex Consumption bills GB-seconds, so the smallest that serves the load is the cheapest.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 512

@description('Days Log Analytics keeps telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Share of request traces sent to Application Insights, 0 to 1 (metrics are always complete). Application Insights bills per GB: a busy call centre keeps a few percent (docs/cost.md).')
param traceSampleRatio string = '1'

@description('An access key for reading the call log, as app settings Callaro__Access__Keys__{i}__*.')
type accessKey = {
  @description('Appears in logs and answers; the key itself never does.')
  name: string
  @description('Hex SHA-256 of the key: printf %s "$KEY" | sha256sum')
  @minLength(64)
  @maxLength(64)
  sha256: string
  roles: ('telephony' | 'admin')[]
  @description('Workspace ids the key may read, or * for all.')
  workspaces: string[]
}

var suffix = uniqueString(resourceGroup().id, appName)
var recordingsContainer = '${namePrefix}recordings'
var transcriptsContainer = '${namePrefix}transcripts'

// Every table and container of the call log, without the name prefix (the app's StorageNames; a deployment test
// keeps the two lists equal). Created here, at deployment, so the app never provisions storage on a cold start.
var callLogTables = [
  'calls'
  'callids'
  'dealcalls'
  'workspaces'
  'campaigns'
  'attachments'
  'pendingattachments'
  'attachmentissues'
  'healthreports'
  'webhookrejections'
  'endedsessions'
]
var callLogContainers = [
  'recordings'
  'transcripts'
  'transcripttext'
  'reports'
]

// Function name -> the container whose new blobs trigger it.
var blobTriggers = {
  RecordingBlobTrigger: recordingsContainer
  TranscriptBlobTrigger: transcriptsContainer
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${appName}'
  location: location
  tags: tags
}

module callLogStorage 'modules/storage.bicep' = {
  name: 'callLogStorage'
  params: {
    name: 'call${suffix}'
    location: location
    tags: tags
    containers: map(callLogContainers, container => '${namePrefix}${container}')
    tables: map(callLogTables, table => '${namePrefix}${table}')
    principalId: identity.properties.principalId
  }
}

var packageContainer = 'app-package'

module hostStorage 'modules/storage.bicep' = {
  name: 'hostStorage'
  params: {
    name: 'host${suffix}'
    location: location
    tags: tags
    containers: [packageContainer]
    principalId: identity.properties.principalId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    baseName: appName
    location: location
    tags: tags
    principalId: identity.properties.principalId
    retentionInDays: logRetentionInDays
  }
}

// App setting -> the Key Vault secret holding its value.
var secretNames = {
  Callaro__Webhooks__SigningSecret: 'webhooks-signing-secret'
  Callaro__Twilio__AuthToken: 'twilio-auth-token'
  Callaro__Vonage__SignatureSecret: 'vonage-signature-secret'
  Callaro__CallLog__CursorKey: 'calllog-cursor-key'
}

module secrets 'modules/secrets.bicep' = {
  name: 'secrets'
  params: {
    name: 'kv-${suffix}'
    location: location
    tags: tags
    principalId: identity.properties.principalId
    secrets: {
      '${secretNames.Callaro__Webhooks__SigningSecret}': webhookSigningSecret
      '${secretNames.Callaro__Twilio__AuthToken}': twilioAuthToken
      '${secretNames.Callaro__Vonage__SignatureSecret}': vonageSignatureSecret
      '${secretNames.Callaro__CallLog__CursorKey}': callLogCursorKey
    }
  }
}

var clientId = identity.properties.clientId

// The app's default host name is <appName>.azurewebsites.net (no generated domain label is asked for).
var baseUrl = empty(publicBaseUrl) ? 'https://${appName}.azurewebsites.net' : publicBaseUrl

// A Key Vault reference: the platform resolves it with the app's identity; without a version, the latest.
func keyVaultReference(vaultName string, secretName string) string =>
  '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretName})'

module functionApp 'modules/function-app.bicep' = {
  name: 'functionApp'
  params: {
    name: appName
    location: location
    tags: tags
    identityId: identity.id
    packageContainerUrl: '${hostStorage.outputs.blobEndpoint}${packageContainer}'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    accessKeys: accessKeys
    twilioWorkspaces: twilioWorkspaces
    vonageWorkspaces: vonageWorkspaces
    // Every setting the app needs, by name (tests/Callaro.Deployment.Tests reads these names from the
    // compiled template and checks them against what the app requires).
    appSettings: {
      // The Functions host's own storage, identity-based (the Functions convention: service URIs + identity).
      AzureWebJobsStorage__blobServiceUri: hostStorage.outputs.blobEndpoint
      AzureWebJobsStorage__queueServiceUri: hostStorage.outputs.queueEndpoint
      AzureWebJobsStorage__tableServiceUri: hostStorage.outputs.tableEndpoint
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: clientId

      // The blob triggers' connection: the call-log account, where recordings and transcripts arrive.
      CallaroStorage__blobServiceUri: callLogStorage.outputs.blobEndpoint
      CallaroStorage__queueServiceUri: callLogStorage.outputs.queueEndpoint
      CallaroStorage__credential: 'managedidentity'
      CallaroStorage__clientId: clientId
      // The containers the blob triggers watch, with the name prefix (the host cannot add it).
      CallaroRecordingsContainer: recordingsContainer
      CallaroTranscriptsContainer: transcriptsContainer

      // The call log.
      Callaro__Storage__tableServiceUri: callLogStorage.outputs.tableEndpoint
      Callaro__Storage__blobServiceUri: callLogStorage.outputs.blobEndpoint
      Callaro__Storage__credential: 'managedidentity'
      Callaro__Storage__clientId: clientId
      Callaro__Storage__NamePrefix: namePrefix
      // DefaultAzureCredential picks the user-assigned identity by this.
      AZURE_CLIENT_ID: clientId

      Callaro__PublicBaseUrl: baseUrl
      Callaro__Webhooks__SigningSecret: keyVaultReference(secrets.outputs.name, secretNames.Callaro__Webhooks__SigningSecret)
      Callaro__Twilio__AuthToken: keyVaultReference(secrets.outputs.name, secretNames.Callaro__Twilio__AuthToken)
      Callaro__Vonage__SignatureSecret: keyVaultReference(secrets.outputs.name, secretNames.Callaro__Vonage__SignatureSecret)
      Callaro__CallLog__CursorKey: keyVaultReference(secrets.outputs.name, secretNames.Callaro__CallLog__CursorKey)
      HealthReportSchedule: healthReportSchedule

      Callaro__Telemetry__TraceSampleRatio: traceSampleRatio
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
      // Application Insights accepts only Microsoft Entra ID (local auth is off); this names the identity.
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${clientId};Authorization=AAD'
    }
  }
}

resource callLogAccount 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: callLogStorage.outputs.name
}

resource blobEvents 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: 'evgt-${appName}'
  location: location
  tags: tags
  properties: {
    source: callLogAccount.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

module blobTriggerSubscriptions 'modules/blob-triggers.bicep' = if (connectBlobTriggers) {
  name: 'blobTriggers'
  params: {
    functionAppName: functionApp.outputs.name
    systemTopicName: blobEvents.name
    triggers: blobTriggers
  }
}

output functionAppName string = functionApp.outputs.name
output publicBaseUrl string = baseUrl
output callLogStorageAccount string = callLogStorage.outputs.name
output keyVaultName string = secrets.outputs.name
output webhookUrls object = {
  callaro: '${baseUrl}/api/webhooks/callaro'
  twilio: '${baseUrl}/api/webhooks/twilio'
  twilioRecording: '${baseUrl}/api/webhooks/twilio/recording'
  vonage: '${baseUrl}/api/webhooks/vonage'
}
