using MassTransit;
using Sentinel.ServiceDefaults;

namespace Sentinel.Checker.Consumers;

/// <summary>Every checker replica competes on the <c>test-check</c> queue: one of them answers each test.</summary>
public sealed class TestCheckConsumerDefinition : ConsumerDefinition<TestCheckConsumer>
{
    public TestCheckConsumerDefinition()
    {
        EndpointName = QueueNames.TestCheck;
    }
}
