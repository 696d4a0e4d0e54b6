namespace Sentinel.Bench;

/// <summary>CPU time and resident memory of one part of the system: a process and everything it started.</summary>
public sealed record ProcessUsage(double CpuSeconds, long RssBytes);

/// <summary>
/// Reads /proc for each named part (a root pid and its descendants: PostgreSQL's backends, RabbitMQ's Erlang VM,
/// nginx's workers). CPU counts the children already reaped too (cutime, cstime), so a backend that exits between
/// two samples is not lost.
/// </summary>
public sealed class ProcessSampler(IReadOnlyDictionary<string, int> roots)
{
    // USER_HZ: 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;
    private static readonly long PageSize = Environment.SystemPageSize;

    private readonly Dictionary<string, long> _peakRss = [];

    /// <summary>Every part's usage now; also remembered for <see cref="PeakRss"/>.</summary>
    public Dictionary<string, ProcessUsage> Sample()
    {
        var stats = ReadAll();
        var children = stats.Values.ToLookup(s => s.ParentPid);
        var usage = new Dictionary<string, ProcessUsage>();
        foreach (var (part, root) in roots)
        {
            double ticks = 0;
            long pages = 0;
            var pending = new Stack<int>([root]);
            while (pending.TryPop(out var pid))
            {
                if (!stats.TryGetValue(pid, out var stat))
                {
                    continue;
                }

                ticks += stat.Ticks;
                pages += stat.RssPages;
                foreach (var child in children[pid])
                {
                    pending.Push(child.Pid);
                }
            }

            var rss = pages * PageSize;
            usage[part] = new ProcessUsage(ticks / TicksPerSecond, rss);
            _peakRss[part] = Math.Max(_peakRss.GetValueOrDefault(part), rss);
        }

        return usage;
    }

    /// <summary>The largest resident memory seen for a part over every <see cref="Sample"/> so far.</summary>
    public long PeakRss(string part) => _peakRss.GetValueOrDefault(part);

    public static Dictionary<string, double> CpuBetween(Dictionary<string, ProcessUsage> start, Dictionary<string, ProcessUsage> end) =>
        end.ToDictionary(e => e.Key, e => Math.Max(0, e.Value.CpuSeconds - start.GetValueOrDefault(e.Key)?.CpuSeconds ?? 0));

    /// <summary>
    /// CPU seconds the machine's cores have spent running anything since boot: user, nice, system, irq and softirq
    /// time from /proc/stat (not idle, I/O wait, or time the hypervisor gave another guest).
    /// </summary>
    public static double MachineBusySeconds()
    {
        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new[] { 1, 2, 3, 6, 7 }.Sum(i => long.Parse(fields[i])) / TicksPerSecond;
    }

    /// <summary>
    /// CPU seconds of this process's children that have exited and been waited for (cutime + cstime of
    /// /proc/self/stat): a tool it ran to its end, whose own /proc entry is gone by then.
    /// </summary>
    public static double ReapedChildrenSeconds()
    {
        var text = File.ReadAllText("/proc/self/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[13]) + long.Parse(fields[14])) / TicksPerSecond;
    }

    private readonly record struct Stat(int Pid, int ParentPid, long Ticks, long RssPages);

    private static Dictionary<int, Stat> ReadAll()
    {
        var stats = new Dictionary<int, Stat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // exited while we looked
            }

            // The command name is in parentheses and may hold spaces: fields are counted after the last ')'.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            stats[pid] = new Stat(
                pid,
                int.Parse(fields[1]),
                long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]),
                long.Parse(fields[21]));
        }

        return stats;
    }
}
