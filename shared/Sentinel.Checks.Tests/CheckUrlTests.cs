using Sentinel.Checks.Kinds;

namespace Sentinel.Checks.Tests;

/// <summary>Which URLs each kind of check takes, and the reasons given for the others.</summary>
public sealed class CheckUrlTests
{
    [Theory]
    [InlineData("https://shop.example/health")]
    [InlineData("http://10.0.0.5:8080/ready?deep=1")]
    [InlineData("http://[::1]:9000/")]
    [InlineData("tcp://db.internal:5432")]
    [InlineData("tls://mail.example.com:993")]
    [InlineData("dns://1.1.1.1/example.com")]
    [InlineData("dns://ns1.example.net:5353/_dmarc.example.com.?type=txt")]
    [InlineData("dns://[2606:4700:4700::1111]/example.com?type=AAAA")]
    [InlineData("dns://10.0.0.53/example.com?type=MX")]
    [InlineData("icmp://router.internal")]
    [InlineData("icmp://10.0.0.1/")]
    [InlineData("icmp://[2001:db8::1]")]
    [InlineData("redis://cache.internal")]
    [InlineData("redis://cache.internal:6379/")]
    [InlineData("redis://:p%40ss%20word@10.0.0.7:6380/15")]
    [InlineData("redis://monitor:secret@[::1]:6379")]
    [InlineData("rediss://default:secret@cache.example.com:6380/0")]
    [InlineData("grpc://orders.internal:50051")]
    [InlineData("grpc://orders.internal:50051/")]
    [InlineData("grpcs://10.0.0.7:443/orders.v1.Orders")]
    [InlineData("grpc://[::1]:50051/grpc.health.v1.Health")]
    [InlineData("postgres://monitor:hunter2@db.internal:5432/app")]
    [InlineData("postgresql://monitor@db.internal/app?sslmode=verify-full")]
    [InlineData("postgres://monitor:p%40ss%3Aw%2Frd@[2001:db8::5]:6432/app?sslmode=require")]
    [InlineData("postgres://monitor:hunter2@10.0.0.5/app?sslmode=disable")]
    public void Targets_of_every_kind_are_accepted(string url) => Assert.Null(Problem(url));

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("shop.example/health", "not an absolute URL")]
    [InlineData("https://", "not an absolute URL")]
    [InlineData("ftp://files.example/", "Unsupported scheme 'ftp': use one of http://, https://, tcp://, tls://, dns://, icmp://, redis://, rediss://, grpc://, grpcs://, postgres://, postgresql://.")]
    [InlineData("file:///etc/passwd", "not an absolute URL with a host")]
    [InlineData("tcp://db.internal", "needs a port")]
    [InlineData("tcp://db.internal:5432/path", "host and port only")]
    [InlineData("tls://mail.example.com", "A tls:// URL needs a port")]
    [InlineData("tls://mail.example.com:993/inbox", "A tls:// URL is host and port only")]
    [InlineData("dns://1.1.1.1", "needs the name to look up")]
    [InlineData("dns://1.1.1.1/", "needs the name to look up")]
    [InlineData("dns://1.1.1.1/example.com?type=SRV", "Unknown DNS record type 'SRV': use one of A, NS, CNAME, MX, TXT, AAAA.")]
    [InlineData("dns://1.1.1.1/example.com?class=IN", "takes only ?type=")]
    [InlineData("dns://1.1.1.1/exa mple..com", "is not a valid DNS name")]
    [InlineData("dns://1.1.1.1/example.com/path", "'example.com/path' is not a valid DNS name")]
    [InlineData("icmp://router.internal:7", "An icmp:// URL takes no port (ICMP has none), for example icmp://router.internal or icmp://10.0.0.1.")]
    [InlineData("icmp://router.internal:0", "takes no port")]
    [InlineData("icmp://router.internal/health", "An icmp:// URL is the host only, for example icmp://router.internal or icmp://10.0.0.1.")]
    [InlineData("icmp://router.internal?count=3", "is the host only")]
    [InlineData("icmp://router.internal#x", "is the host only")]
    [InlineData("icmp://admin@router.internal", "is the host only")]
    [InlineData("icmp://", "not an absolute URL with a host")]
    [InlineData("redis://monitor@cache.internal", "A redis:// URL with a user needs its password after a colon: redis://:password@host for the default user, redis://user:password@host for an ACL user.")]
    [InlineData("redis://:@cache.internal", "needs its password after a colon")]
    [InlineData("redis://cache.internal/db1", "A redis:// URL's path is the database number only, for example redis://:password@cache.internal:6379/0.")]
    [InlineData("redis://cache.internal/1/2", "the database number only")]
    [InlineData("redis://cache.internal/99999999999", "the database number only")]
    [InlineData("rediss://cache.internal#primary", "A rediss:// URL is rediss://[[user]:password@]host[:port][/database], without query or fragment")]
    [InlineData("redis://cache.internal:0", "port is between 1 and 65535")]
    [InlineData("redis://:secret@cache.internal:65536", "The URL is not an absolute URL with a host; percent-encode")]
    [InlineData("grpc://orders.internal", "A grpc:// URL needs a port, for example grpc://orders.internal:50051/orders.v1.Orders, or grpc://orders.internal:50051 for the whole server.")]
    [InlineData("grpcs://orders.internal/orders.v1.Orders", "A grpcs:// URL needs a port")]
    [InlineData("grpc://orders.internal:50051/orders/v1", "'orders/v1' is not a gRPC service name: at most 256 letters, digits, '.', '_' or '-'")]
    [InlineData("grpc://orders.internal:50051/orders%20v1", "'orders v1' is not a gRPC service name")]
    [InlineData("grpc://orders.internal:50051/orders.v1.Orders?deep=1", "A grpc:// URL is host, port and an optional service name only")]
    [InlineData("grpc://admin:secret@orders.internal:50051", "is host, port and an optional service name only")]
    [InlineData("grpc://orders.internal:50051#x", "is host, port and an optional service name only")]
    [InlineData("postgres://db.internal:5432/app", "A postgres:// URL names the user to log in as, for example postgres://monitor:secret@db.internal:5432/app.")]
    [InlineData("postgres://:hunter2@db.internal:5432/app", "names the user to log in as")]
    [InlineData("postgres://monitor:hunter2@db.internal:5432", "A postgres:// URL names one database after the host")]
    [InlineData("postgresql://monitor:hunter2@db.internal:5432/", "A postgresql:// URL names one database after the host")]
    [InlineData("postgres://monitor:hunter2@db.internal:5432/app/x", "names one database after the host")]
    [InlineData("postgres://monitor:hunter2@db.internal:0/app", "port is between 1 and 65535")]
    [InlineData("postgres://monitor:hunter2@db.internal/app#x", "takes no fragment")]
    [InlineData("postgres://monitor:hunter2@db.internal/app?sslmode=allow", "takes only ?sslmode=, one of disable, prefer, require, verify-full")]
    [InlineData("postgres://monitor:hunter2@db.internal/app?connect_timeout=5", "takes only ?sslmode=")]
    [InlineData("postgres://monitor:hunter2@db.internal/app?sslmode=require&application_name=x", "takes only ?sslmode=")]
    [InlineData("postgres://monitor:hunter2@db.internal/app?sslmode=", "takes only ?sslmode=")]
    [InlineData("postgres://monitor:p@hunter2@db.internal/app", "percent-encode '@', ':' and '/' in a user or password")]
    [InlineData("postgres://monitor:p/hunter2@db.internal/app", "percent-encode '@', ':' and '/' in a user or password")]
    public void Other_targets_are_refused_with_the_reason(string? url, string reason) =>
        Assert.Contains(reason, Problem(url));

    [Theory]
    [InlineData("postgres://monitor:p@hunter2@db.internal/app")]
    [InlineData("postgres://monitor:hunter2@db.internal/app?sslmode=allow")]
    [InlineData("postgres://monitor:hunter2@db.internal/app/x")]
    [InlineData("tcp://monitor:hunter2@db.internal:5432")]
    public void A_refused_url_s_password_is_not_repeated_in_the_reason(string url) =>
        Assert.DoesNotContain("hunter2", Problem(url));

    [Fact]
    public void A_postgres_url_s_login_is_percent_decoded_and_its_defaults_are_libpq_s()
    {
        var full = Resolved("postgres://mon%40itor:p%40ss%3Aw%2Frd@db.internal:6432/app%20db?sslmode=verify-full");
        var plain = Resolved("postgresql://monitor@[2001:db8::5]/app");

        Assert.Equal(("mon@itor", "p@ss:w/rd", "app db", PostgresSslMode.VerifyFull, ("db.internal", 6432)),
            (full.Username, full.Password, full.Database, full.SslMode, full.Endpoint()));
        Assert.Equal(("monitor", null, "app", PostgresSslMode.Prefer, 5432),
            (plain.Username, plain.Password, plain.Database, plain.SslMode, plain.Endpoint().Port));
    }

    [Fact]
    public void A_postgres_password_is_masked_when_shown_and_the_masked_url_sent_back_keeps_it()
    {
        var stored = Resolved("postgres://monitor:correct-horse-battery@db.internal/app");

        var shown = (PostgresCheck)stored.Masked();
        var sentBack = new PostgresCheck { Url = shown.Url }.Resolve(new CheckContext(60), stored, new CheckErrors());

        Assert.Equal("postgres://monitor:%E2%80%A6tery@db.internal/app", shown.Url);
        Assert.DoesNotContain("correct-horse", CheckSpecJson.Serialize(shown));
        Assert.Equal(stored.Url, ((PostgresCheck)sentBack).Url);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("SELECT 1", "SELECT 1")]
    [InlineData("  select count(*) from jobs where state = 'failed' ; ", "select count(*) from jobs where state = 'failed'")]
    [InlineData("WITH lag AS (SELECT 1 AS s) SELECT s FROM lag;;", "WITH lag AS (SELECT 1 AS s) SELECT s FROM lag")]
    [InlineData("SELECT 1 -- why\n", "SELECT 1 -- why")]
    public void A_postgres_query_is_kept_without_surrounding_blanks_or_final_semicolons(string? query, string? kept) =>
        Assert.Equal(kept, Resolved("postgres://monitor@db.internal/app", query).Query);

    [Theory]
    [InlineData("", "Must be 1 to 4096 characters, without NUL.")]
    [InlineData(" ; ", "Must be 1 to 4096 characters, without NUL.")]
    [InlineData("DELETE FROM jobs", "Must be one SELECT (or WITH … SELECT), for example SELECT count(*) FROM jobs WHERE state = 'failed'.")]
    [InlineData("SELECTED", "Must be one SELECT")]
    [InlineData("WITH_x", "Must be one SELECT")]
    [InlineData("VACUUM", "Must be one SELECT")]
    public void A_postgres_query_that_is_not_one_select_is_refused(string query, string reason)
    {
        var errors = new CheckErrors();
        new PostgresCheck { Url = "postgres://monitor@db.internal/app", Query = query }.Resolve(new CheckContext(60), stored: null, errors);

        Assert.StartsWith(reason, errors.ToDictionary()["query"].Single());
    }

    [Fact]
    public void A_postgres_query_longer_than_4096_characters_is_refused()
    {
        var errors = new CheckErrors();
        new PostgresCheck { Url = "postgres://monitor@db.internal/app", Query = "SELECT " + new string('1', 4090) }.Resolve(new CheckContext(60), stored: null, errors);

        Assert.Equal(["Must be 1 to 4096 characters, without NUL."], errors.ToDictionary()["query"]);
    }

    private static PostgresCheck Resolved(string url, string? query = null)
    {
        var errors = new CheckErrors();
        var spec = (PostgresCheck)new PostgresCheck { Url = url, Query = query }.Resolve(new CheckContext(IntervalSeconds: 60), stored: null, errors);
        Assert.Equal(0, errors.Count);
        return spec;
    }

    /// <summary>Why a monitor with <paramref name="url"/> (and otherwise defaults) is refused, as the api would say; null when it is not.</summary>
    private static string? Problem(string? url)
    {
        var kind = CheckKinds.ForUrl(url, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        var spec = (ProbeCheck)Activator.CreateInstance(kind!.SpecType)! with { Url = url! };
        var errors = new CheckErrors();
        spec.Resolve(new CheckContext(IntervalSeconds: 60), stored: null, errors);
        return errors.ToDictionary().GetValueOrDefault("url")?.Single();
    }
}
