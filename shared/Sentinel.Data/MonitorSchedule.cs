namespace Sentinel.Data;

/// <summary>
/// When a monitor is next due: the scheduler's claim rewrites this row at every due time, so it is kept out of the
/// wide <c>monitors</c> row. Every rewrite of a row in PostgreSQL is a new row version plus a new entry in each of
/// its table's indexes: here about 50 bytes and two indexes (the key and the due index), where in <c>monitors</c> it was all
/// of the monitor (its spec, tags, regions) and its nine indexes. Written by the scheduler's claim and by the api
/// on create, update and heartbeat ping; a monitor without this row is never checked.
/// </summary>
public sealed class MonitorSchedule
{
    public Guid MonitorId { get; set; }

    /// <summary>
    /// When the scheduler should next dispatch a check; for a heartbeat, when it reports the ping missed (a ping moves
    /// it to now + period + grace). <c>infinity</c> once the claim has found the monitor disabled (an update
    /// re-enabling it sets it anew).
    /// </summary>
    public DateTime NextCheckAt { get; set; }
}
