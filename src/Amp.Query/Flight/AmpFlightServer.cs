using Amp.Query.Engine;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Server;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Amp.Query.Flight;

/// <summary>
/// Amp's Flight flow: <c>GetFlightInfo</c> for a command (a packed FlightSQL <c>CommandStatementQuery</c> or plain SQL
/// text) starts the query and answers its Arrow schema and one endpoint whose ticket names the parked query;
/// <c>DoGet</c> streams its record batches. A <c>DoGet</c> whose ticket is SQL text runs that SQL directly.
/// </summary>
public sealed partial class AmpFlightServer(QueryEngine engine, ParkedQueries parked, ILogger<AmpFlightServer> logger) : FlightServer
{
    public override async Task<FlightInfo> GetFlightInfo(FlightDescriptor request, ServerCallContext context)
    {
        // A parked query outlives this call: it is not tied to the call's cancellation, only to the statement
        // timeout and the ticket lifetime.
        var query = await StartAsync(request, CancellationToken.None);
        var batches = new RecordBatches(query);
        var ticket = parked.Park(query);
        return new FlightInfo(batches.Schema, request, [new FlightEndpoint(new FlightTicket(ticket), [])]);
    }

    public override async Task<Apache.Arrow.Schema> GetSchema(FlightDescriptor request, ServerCallContext context)
    {
        using var query = await StartAsync(request, context.CancellationToken);
        return new RecordBatches(query).Schema;
    }

    public override async Task DoGet(FlightTicket ticket, FlightServerRecordBatchStreamWriter responseStream, ServerCallContext context)
    {
        var text = ticket.Ticket.ToStringUtf8();
        RunningQuery query;
        if (text.StartsWith(ParkedQueries.TicketPrefix, StringComparison.Ordinal))
        {
            query = parked.Claim(text) ?? throw new RpcException(new Status(StatusCode.NotFound,
                "TICKET_NOT_FOUND: the ticket is unknown, already used or expired; call GetFlightInfo again"));
        }
        else
        {
            query = await StartAsync(text, context.CancellationToken);
        }
        using (query)
        {
            var batches = new RecordBatches(query);
            await responseStream.SetupStream(batches.Schema);
            try
            {
                foreach (var batch in batches.Read())
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    await responseStream.WriteAsync(batch);
                }
            }
            catch (QueryFailedException failure)
            {
                StreamFailed(logger, failure.Error.Code, failure.Error.Message);
                throw FlightErrors.Of(failure.Error);
            }
        }
    }

    private Task<RunningQuery> StartAsync(FlightDescriptor descriptor, CancellationToken cancellationToken)
    {
        if (descriptor.Type != FlightDescriptorType.Command)
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                "INVALID_SQL_STRING: send the query as a CMD descriptor (a FlightSQL CommandStatementQuery or SQL text); path descriptors are not supported"));
        return StartAsync(FlightSqlCommand.SqlOf(descriptor.Command), cancellationToken);
    }

    private async Task<RunningQuery> StartAsync(string sql, CancellationToken cancellationToken)
    {
        var start = await engine.StartAsync(sql, cancellationToken, withColumnTypes: true);
        if (start.Error is { } error)
            throw FlightErrors.Of(error);
        return start.Query!;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flight query failed after its first batch; the stream was ended with an error: {error_code}: {error_message}")]
    private static partial void StreamFailed(ILogger logger, string error_code, string error_message);
}
