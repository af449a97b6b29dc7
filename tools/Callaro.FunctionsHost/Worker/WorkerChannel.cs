using System.Collections.Concurrent;
using System.Threading.Channels;
using Callaro.FunctionsHost.Rpc;
using Grpc.Core;

namespace Callaro.FunctionsHost.Worker;

/// <summary>
/// The host's end of the worker's <c>EventStream</c>: pairs requests with their responses and passes the
/// worker's logs on. Writes go through one queue because a gRPC stream takes one writer at a time.
/// </summary>
internal sealed class WorkerChannel(string workerId, Action<RpcLog> onLog)
{
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>(new() { SingleReader = true });
    private readonly TaskCompletionSource _connected = NewSource();
    private readonly TaskCompletionSource<WorkerInitResponse> _initialized = NewSource<WorkerInitResponse>();
    private readonly TaskCompletionSource<FunctionMetadataResponse> _metadata = NewSource<FunctionMetadataResponse>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<FunctionLoadResponse>> _loads = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new();
    private int _streams;
    private volatile string? _closedReason;

    /// <summary>Completes when the worker has opened its stream and said StartStream.</summary>
    public Task Connected => _connected.Task;

    public async Task RunStreamAsync(
        IAsyncStreamReader<StreamingMessage> requests,
        IServerStreamWriter<StreamingMessage> responses,
        CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _streams) > 1)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.AlreadyExists, "This host serves one worker stream."));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = WriteAsync(responses, stop.Token);
        try
        {
            await foreach (var message in requests.ReadAllAsync(stop.Token))
            {
                Dispatch(message);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
            // The worker process went away mid-stream; Close below fails whatever still waits on it.
        }
        finally
        {
            Close("the worker closed its connection to the host");
            await stop.CancelAsync();
            await writing;
        }
    }

    public async Task<WorkerInitResponse> InitializeAsync(WorkerInitRequest request, CancellationToken cancellationToken)
    {
        Send(new StreamingMessage { WorkerInitRequest = request });
        return await _initialized.Task.WaitAsync(cancellationToken);
    }

    public async Task<FunctionMetadataResponse> GetMetadataAsync(FunctionsMetadataRequest request, CancellationToken cancellationToken)
    {
        Send(new StreamingMessage { FunctionsMetadataRequest = request });
        return await _metadata.Task.WaitAsync(cancellationToken);
    }

    public async Task<FunctionLoadResponse> LoadAsync(FunctionLoadRequest request, CancellationToken cancellationToken)
    {
        var response = NewSource<FunctionLoadResponse>();
        _loads[request.FunctionId] = response;
        Send(new StreamingMessage { FunctionLoadRequest = request });
        try
        {
            return await response.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _loads.TryRemove(request.FunctionId, out _);
        }
    }

    /// <summary>
    /// Runs one invocation. Cancelling sends InvocationCancel and still waits for the worker's answer, as the
    /// worker reports a cancelled invocation with an InvocationResponse of its own.
    /// </summary>
    /// <exception cref="WorkerUnavailableException">The worker is gone.</exception>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var response = NewSource<InvocationResponse>();
        _invocations[request.InvocationId] = response;
        try
        {
            Send(new StreamingMessage { InvocationRequest = request });
            // TryWrite: a worker that is already gone needs no cancel, and a throwing callback would fail the canceller.
            await using var cancel = cancellationToken.Register(() =>
                _outgoing.Writer.TryWrite(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = request.InvocationId } }));
            return await response.Task;
        }
        finally
        {
            _invocations.TryRemove(request.InvocationId, out _);
        }
    }

    public void Terminate(TimeSpan gracePeriod) =>
        Send(new StreamingMessage
        {
            WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(gracePeriod) },
        });

    /// <summary>Fails everything that waits on the worker; later calls fail at once.</summary>
    public void Close(string reason)
    {
        _closedReason ??= reason;
        _outgoing.Writer.TryComplete();
        var error = new WorkerUnavailableException(_closedReason);
        _connected.TrySetException(error);
        _initialized.TrySetException(error);
        _metadata.TrySetException(error);
        foreach (var pending in _loads.Values)
        {
            pending.TrySetException(error);
        }

        foreach (var pending in _invocations.Values)
        {
            pending.TrySetException(error);
        }
    }

    private void Send(StreamingMessage message)
    {
        if (!_outgoing.Writer.TryWrite(message))
        {
            throw new WorkerUnavailableException(_closedReason ?? "the worker is not connected");
        }
    }

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken))
            {
                await responses.WriteAsync(message, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The stream is closing; whatever waits for an answer is failed by Close.
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream when message.StartStream.WorkerId == workerId:
                _connected.TrySetResult();
                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                _initialized.TrySetResult(message.WorkerInitResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                _metadata.TrySetResult(message.FunctionMetadataResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse
                when _loads.TryGetValue(message.FunctionLoadResponse.FunctionId, out var load):
                load.TrySetResult(message.FunctionLoadResponse);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse
                when _invocations.TryGetValue(message.InvocationResponse.InvocationId, out var invocation):
                invocation.TrySetResult(message.InvocationResponse);
                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                onLog(message.RpcLog);
                break;
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource<T> NewSource<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>The worker cannot take requests: it never connected, or it exited.</summary>
internal sealed class WorkerUnavailableException(string reason) : Exception($"The worker is unavailable: {reason}.");
