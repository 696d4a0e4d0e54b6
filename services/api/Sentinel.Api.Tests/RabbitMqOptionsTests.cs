using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sentinel.ServiceDefaults;

namespace Sentinel.Api.Tests;

public sealed class RabbitMqOptionsTests
{
    [Theory]
    [InlineData("amqp://rabbit-2:5672")]
    [InlineData("rabbit-2:five")]
    [InlineData("rabbit-2:70000")]
    [InlineData("::1")]
    [InlineData(" ")]
    public async Task A_cluster_node_that_is_not_host_and_port_stops_the_service_naming_it(string node)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:Nodes:0"] = "rabbit-1:5672",
            ["RabbitMq:Nodes:1"] = node,
        });
        builder.AddSentinelBus();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"RabbitMq:Nodes:1 is '{node}', which is not host:port", error.Message);
    }

    [Fact]
    public void Listed_nodes_replace_host_and_port_and_a_node_without_a_port_takes_the_configured_one()
    {
        var options = new RabbitMqOptions { Host = "single", Port = 5673, Nodes = ["rabbit-1:5672", "rabbit-2"] };

        Assert.Equal([("rabbit-1", 5672), ("rabbit-2", 5673)], options.Endpoints());
        Assert.Equal([("single", 5673)], new RabbitMqOptions { Host = "single", Port = 5673 }.Endpoints());
    }

    [Fact]
    public void Queues_are_quorum_queues_when_more_than_one_node_is_listed_unless_the_setting_says_otherwise()
    {
        Assert.False(new RabbitMqOptions().UseQuorumQueues);
        Assert.False(new RabbitMqOptions { Nodes = ["rabbit-1:5672"] }.UseQuorumQueues);
        Assert.True(new RabbitMqOptions { Nodes = ["rabbit-1:5672", "rabbit-2:5672"] }.UseQuorumQueues);
        Assert.False(new RabbitMqOptions { Nodes = ["rabbit-1:5672", "rabbit-2:5672"], QuorumQueues = false }.UseQuorumQueues);
        Assert.True(new RabbitMqOptions { QuorumQueues = true }.UseQuorumQueues);
    }

    [Fact]
    public async Task A_tls_ca_file_that_does_not_exist_stops_the_service_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-ca-{Guid.NewGuid():N}.pem");

        var error = await StartWithAsync(new() { ["RabbitMq:Tls"] = "true", ["RabbitMq:TlsCaFile"] = missing });

        Assert.Contains($"RabbitMq:TlsCaFile is '{missing}', which does not exist", error.Message);
    }

    [Fact]
    public async Task A_tls_ca_file_holding_no_certificate_stops_the_service()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "not a certificate\n");

            var error = await StartWithAsync(new() { ["RabbitMq:Tls"] = "true", ["RabbitMq:TlsCaFile"] = file });

            Assert.Contains($"RabbitMq:TlsCaFile '{file}' holds no PEM certificate", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_tls_ca_file_without_tls_stops_the_service_rather_than_connecting_in_plain_text()
    {
        var error = await StartWithAsync(new() { ["RabbitMq:TlsCaFile"] = "/etc/ssl/certs/ca-certificates.crt" });

        Assert.Contains("RabbitMq:TlsCaFile is set but RabbitMq:Tls is false", error.Message);
    }

    [Fact]
    public void A_broker_certificate_signed_by_the_configured_ca_is_trusted_and_one_signed_by_another_is_not()
    {
        using var ca = Authority("Sentinel test CA");
        using var other = Authority("Someone else's CA");
        using var broker = Issue(ca, "rabbit.example");
        using var impostor = Issue(other, "rabbit.example");
        var authorities = new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(ca.RawData));

        Assert.True(RabbitMqOptions.IsTrustedBrokerCertificate(broker, SslPolicyErrors.RemoteCertificateChainErrors, authorities));
        Assert.False(RabbitMqOptions.IsTrustedBrokerCertificate(impostor, SslPolicyErrors.RemoteCertificateChainErrors, authorities));
        Assert.False(RabbitMqOptions.IsTrustedBrokerCertificate(broker, SslPolicyErrors.RemoteCertificateChainErrors, []));
        Assert.False(RabbitMqOptions.IsTrustedBrokerCertificate(
            broker, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch, authorities));
    }

    private static async Task<OptionsValidationException> StartWithAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSentinelBus();
        using var host = builder.Build();
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string host)
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        return request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), RandomNumberGenerator.GetBytes(8));
    }
}
