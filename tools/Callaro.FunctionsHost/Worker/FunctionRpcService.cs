using Callaro.FunctionsHost.Rpc;
using Grpc.Core;

namespace Callaro.FunctionsHost.Worker;

/// <summary>The gRPC service the worker connects to (<c>AzureFunctionsRpcMessages.FunctionRpc</c>).</summary>
internal sealed class FunctionRpcService(WorkerChannel channel) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream,
        IServerStreamWriter<StreamingMessage> responseStream,
        ServerCallContext context) =>
        channel.RunStreamAsync(requestStream, responseStream, context.CancellationToken);
}
