namespace Sentinel.Conditions.Tests;

/// <summary>
/// Gatus's own condition tests, run against ours: each gives Gatus's verdict, except where we differ on purpose, as
/// the table "Where Sentinel differs from Gatus" in docs/checks.md says.
/// </summary>
public sealed class GatusCompatibilityTests
{
    private static readonly Dictionary<string, Verdict> OnPurpose = new()
    {
        // Neither side is a placeholder: the condition tests nothing the check saw.
        ["validate: raw == raw"] = Verdict.Refused,
        ["no-placeholders"] = Verdict.Refused,

        // Operators need no spaces around them here.
        ["validate: [STATUS]==201"] = Verdict.Accepted,

        // A value that cannot be compared is refused when saved, rather than read as 0 or as text that never matches.
        ["response-time-using-less-than-invalid"] = Verdict.Refused,
        ["body-jsonpath-complex-len-invalid"] = Verdict.Refused,

        // A bare number is not an expiry duration (Gatus: milliseconds); an unobserved certificate is not 0.
        ["certificate-expiration-not-set"] = Verdict.Refused,
        ["certificate-expiration-greater-than-numerical"] = Verdict.Refused,
        ["certificate-expiration-greater-than-numerical-failure"] = Verdict.Refused,

        // An unknown operator: Gatus's configuration check refuses it too; this scenario tests its evaluator alone.
        ["evaluateWithInvalidOperator"] = Verdict.Refused,
    };

    public static TheoryData<string> Names => new(GatusCases.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Gatus_test_cases_get_gatus_verdict_unless_we_differ_on_purpose(string name)
    {
        var scenario = GatusCases.All.Single(c => c.Name == name);

        Assert.Equal(OnPurpose.GetValueOrDefault(name, scenario.Gatus), scenario.SentinelVerdict());
    }

    [Fact]
    public void Every_deliberate_difference_names_a_gatus_case_whose_verdict_differs()
    {
        foreach (var (name, ours) in OnPurpose)
        {
            Assert.NotEqual(GatusCases.All.Single(c => c.Name == name).Gatus, ours);
        }
    }
}
