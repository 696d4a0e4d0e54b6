using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sentinel.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChannelSettingsPerKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // One shape for every type ({"WebhookUrl", "Url", "To"}) becomes each kind's own camelCase settings, with
            // the type inside, as ChannelSettingsJson reads them.
            migrationBuilder.Sql("""
                UPDATE alert_channels SET config = jsonb_strip_nulls(jsonb_build_object(
                    'type', type, 'webhookUrl', config -> 'WebhookUrl', 'url', config -> 'Url', 'to', config -> 'To'));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Only the four kinds the old shape can hold survive a downgrade; the others are deleted with their channels.
            migrationBuilder.Sql("""
                DELETE FROM alert_channels WHERE type NOT IN ('slack', 'discord', 'email', 'webhook');
                UPDATE alert_channels SET config = jsonb_build_object(
                    'WebhookUrl', config -> 'webhookUrl', 'Url', config -> 'url', 'To', config -> 'to');
                """);
        }
    }
}
