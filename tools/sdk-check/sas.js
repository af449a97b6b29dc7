// Prints the blob SAS query the official SDK produces for the inputs given as one JSON argument,
// so our signer can be compared with it: node sas.js '{"account":...}'
const {
  generateBlobSASQueryParameters,
  BlobSASPermissions,
  StorageSharedKeyCredential,
} = require("@azure/storage-blob");

const input = JSON.parse(process.argv[2]);
const values = {
  containerName: input.container,
  blobName: input.blob,
  permissions: BlobSASPermissions.parse(input.permissions),
  startsOn: input.startsOn ? new Date(input.startsOn) : undefined,
  expiresOn: new Date(input.expiresOn),
  protocol: input.protocol,
  version: input.version,
};

const sas = input.delegationKey
  ? generateBlobSASQueryParameters(
      values,
      {
        signedObjectId: input.delegationKey.objectId,
        signedTenantId: input.delegationKey.tenantId,
        signedStartsOn: new Date(input.delegationKey.startsOn),
        signedExpiresOn: new Date(input.delegationKey.expiresOn),
        signedService: input.delegationKey.service,
        signedVersion: input.delegationKey.version,
        value: input.delegationKey.value,
      },
      input.account,
    )
  : generateBlobSASQueryParameters(values, new StorageSharedKeyCredential(input.account, input.key));

process.stdout.write(sas.toString());
