namespace Sentinel.Api.Tests.Dashboard;

/// <summary>
/// Test classes that answer the api's broker requests themselves (a checker for "test now", a stand-in alerter for a
/// channel test) or need none to answer. The requests are published, so any class's responder would answer another's:
/// these classes run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrokerRequestsCollection
{
    public const string Name = "Broker requests";
}
