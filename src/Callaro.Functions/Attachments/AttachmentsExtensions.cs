using Callaro.Core.Attachments;

namespace Callaro.Functions.Attachments;

public static class AttachmentsExtensions
{
    /// <summary>
    /// Registers attachment storage and processing (needs <c>AddCallaroStorage</c> for the storage clients
    /// and <see cref="Callaro.Core.StorageNames"/>, <c>AddCallaroCore</c> for the clock) and validates
    /// <see cref="AttachmentOptions"/> on start.
    /// </summary>
    public static IHostApplicationBuilder AddAttachments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section)
            .Validate(o => o.ReadLinkLifetime >= TimeSpan.FromMinutes(5) && o.ReadLinkLifetime <= TimeSpan.FromMinutes(15),
                "Callaro:Attachments:ReadLinkLifetime must be between 00:05:00 and 00:15:00: recording links are meant to last minutes.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ICallDirectory, CallIdIndexDirectory>();
        builder.Services.AddSingleton<AttachmentStore>();
        builder.Services.AddSingleton<AttachmentProcessor>();
        return builder;
    }
}
