using Amp.Query.Engine;
using Grpc.Core;

namespace Amp.Query.Flight;

/// <summary>The one place that maps query errors to gRPC statuses; the detail is <c>CODE: message</c>.</summary>
public static class FlightErrors
{
    public static StatusCode StatusOf(QueryErrorKind kind) => kind switch
    {
        QueryErrorKind.BadRequest => StatusCode.InvalidArgument,
        QueryErrorKind.NotFound => StatusCode.NotFound,
        QueryErrorKind.Timeout => StatusCode.DeadlineExceeded,
        QueryErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        QueryErrorKind.Busy => StatusCode.Unavailable,
        _ => StatusCode.Internal,
    };

    public static RpcException Of(QueryError error)
    {
        var trailers = new Metadata { { "error-code", error.Code } };
        return new RpcException(new Status(StatusOf(error.Kind), $"{error.Code}: {error.Message}"), trailers);
    }
}
