using JasperFx;
using Marten.Exceptions;
using Npgsql;

namespace JudicialRecords.Api.Infrastructure.Marten;

public static class Races
{
    /// <summary>
    /// A save failed because another writer committed first: the same document or unique key (an idempotency record, a
    /// certificate's application), the same new stream, or events on the same stream.
    /// </summary>
    public static bool Lost(Exception e) => e switch
    {
        DocumentAlreadyExistsException or ConcurrencyException
            or global::Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException
            or JasperFx.Events.EventStreamUnexpectedMaxEventIdException => true,
        MartenCommandException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => false,
    };
}
