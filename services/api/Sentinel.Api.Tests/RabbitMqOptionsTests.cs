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
}
