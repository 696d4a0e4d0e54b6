using System.Collections;
using Sentinel.ServiceDefaults;

namespace Sentinel.Api.Tests;

public sealed class FileSettingsTests
{
    [Fact]
    public void A_FILE_variable_sets_the_setting_to_the_file_content_without_its_final_newline()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "s3cret-value\n");
        try
        {
            var settings = FileSettings.Read(new Hashtable { ["Smtp__Password_FILE"] = secret, ["Api__Keys__0"] = "plain", ["TF_CLI_CONFIG_FILE"] = "/nonexistent" });

            Assert.Equal(new Dictionary<string, string?> { ["Smtp:Password"] = "s3cret-value" }, settings);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void A_FILE_variable_naming_a_missing_file_stops_the_service_with_its_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FileSettings.Read(new Hashtable { ["Api__Keys__0_FILE"] = "/nonexistent/key" }));

        Assert.Contains("Api__Keys__0_FILE", error.Message);
        Assert.Contains("/nonexistent/key", error.Message);
    }
}
