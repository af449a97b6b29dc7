// The function app on a Flex Consumption (FC1) plan: .NET isolated worker, user-assigned identity, the code
// package in a blob container read with that identity, and the app settings given by main.bicep.

param name string
param location string
param tags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Blob container URL the platform keeps the deployed package in.')
param packageContainerUrl string

@description('Largest number of instances the app scales out to.')
param maximumInstanceCount int

@description('Memory per instance (MB).')
param instanceMemoryMB int

@description('App settings by name.')
param appSettings object

@description('Access keys for reading the call log (main.bicep\'s accessKey type), set as Callaro__Access__Keys__{i}__*.')
param accessKeys array

@description('Twilio account SID -> workspace id.')
param twilioWorkspaces object

@description('Vonage application id -> workspace id.')
param vonageWorkspaces object

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: packageContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // Flex Consumption takes the worker runtime here; FUNCTIONS_WORKER_RUNTIME is not an app setting on this plan.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Deployments authenticate with Microsoft Entra ID; user/password publishing stays off.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

var accessKeySettings = toObject(
  flatten(map(range(0, length(accessKeys)), i => concat(
    [
      { name: 'Callaro__Access__Keys__${i}__Name', value: accessKeys[i].name }
      { name: 'Callaro__Access__Keys__${i}__Sha256', value: toLower(accessKeys[i].sha256) }
    ],
    map(range(0, length(accessKeys[i].roles)), j => { name: 'Callaro__Access__Keys__${i}__Roles__${j}', value: accessKeys[i].roles[j] }),
    map(range(0, length(accessKeys[i].workspaces)), j => { name: 'Callaro__Access__Keys__${i}__Workspaces__${j}', value: accessKeys[i].workspaces[j] })
  ))),
  setting => setting.name,
  setting => setting.value
)

var providerWorkspaceSettings = union(
  toObject(items(twilioWorkspaces), entry => 'Callaro__Twilio__Workspaces__${entry.key}', entry => entry.value),
  toObject(items(vonageWorkspaces), entry => 'Callaro__Vonage__Workspaces__${entry.key}', entry => entry.value)
)

// One resource holds every app setting: a deployment replaces them all, so nothing set by hand survives it.
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(appSettings, accessKeySettings, providerWorkspaceSettings)
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
