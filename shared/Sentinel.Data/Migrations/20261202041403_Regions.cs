using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sentinel.Data.Migrations
{
    /// <inheritdoc />
    public partial class Regions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_check_rollups",
                table: "check_rollups");

            migrationBuilder.AddColumn<string>(
                name: "regions",
                table: "status_transitions",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'");

            migrationBuilder.AddColumn<int>(
                name: "degraded_above_ms",
                table: "monitors",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "quorum",
                table: "monitors",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<List<string>>(
                name: "regions",
                table: "monitors",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{default}'");

            migrationBuilder.AddColumn<int>(
                name: "consecutive_impaired",
                table: "monitor_status",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "consecutive_not_down",
                table: "monitor_status",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "region",
                table: "check_rollups",
                type: "character varying(63)",
                maxLength: 63,
                nullable: false,
                defaultValue: "default");

            migrationBuilder.AddColumn<string>(
                name: "region",
                table: "check_results",
                type: "character varying(63)",
                maxLength: 63,
                nullable: false,
                defaultValue: "default");

            migrationBuilder.AddColumn<bool>(
                name: "notify_degraded",
                table: "alert_channels",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddPrimaryKey(
                name: "pk_check_rollups",
                table: "check_rollups",
                columns: new[] { "monitor_id", "bucket_start", "region" });

            // Before regions every due time was up or down, so the new streaks are the old ones; a heartbeat is
            // pinged from outside and is checked from no region.
            migrationBuilder.Sql("UPDATE monitor_status SET consecutive_impaired = consecutive_failures, consecutive_not_down = consecutive_successes");
            migrationBuilder.Sql("UPDATE monitors SET regions = '{}' WHERE kind = 'heartbeat'");

            migrationBuilder.CreateTable(
                name: "check_slots",
                columns: table => new
                {
                    monitor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scheduled_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    region_count = table.Column<int>(type: "integer", nullable: false),
                    quorum = table.Column<int>(type: "integer", nullable: false),
                    degraded_above_ms = table.Column<int>(type: "integer", nullable: true),
                    failure_threshold = table.Column<int>(type: "integer", nullable: false),
                    success_threshold = table.Column<int>(type: "integer", nullable: false),
                    decide_by = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    maintenance = table.Column<bool>(type: "boolean", nullable: false),
                    last_checked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    results = table.Column<string>(type: "jsonb", nullable: false),
                    decided_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_check_slots", x => new { x.monitor_id, x.scheduled_at });
                    table.ForeignKey(
                        name: "fk_check_slots_monitors_monitor_id",
                        column: x => x.monitor_id,
                        principalTable: "monitors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "region_checkers",
                columns: table => new
                {
                    checker_id = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    region = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    concurrency = table.Column<int>(type: "integer", nullable: false),
                    running = table.Column<int>(type: "integer", nullable: false),
                    queue_wait_ms = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_region_checkers", x => x.checker_id);
                });

            migrationBuilder.CreateTable(
                name: "region_outages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    region = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    quiet_since = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_region_outages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "regions",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_regions", x => x.name);
                });

            migrationBuilder.InsertData(
                table: "regions",
                columns: new[] { "name", "created_at", "is_default" },
                values: new object[] { "default", new DateTime(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), true });

            migrationBuilder.CreateIndex(
                name: "ix_check_slots_undecided",
                table: "check_slots",
                column: "decide_by",
                filter: "decided_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_region_checkers_region_last_seen_at",
                table: "region_checkers",
                columns: new[] { "region", "last_seen_at" });

            migrationBuilder.CreateIndex(
                name: "ix_region_outages_open",
                table: "region_outages",
                column: "region",
                unique: true,
                filter: "ended_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "check_slots");

            migrationBuilder.DropTable(
                name: "region_checkers");

            migrationBuilder.DropTable(
                name: "region_outages");

            migrationBuilder.DropTable(
                name: "regions");

            migrationBuilder.DropPrimaryKey(
                name: "pk_check_rollups",
                table: "check_rollups");

            migrationBuilder.DropColumn(
                name: "regions",
                table: "status_transitions");

            migrationBuilder.DropColumn(
                name: "degraded_above_ms",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "quorum",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "regions",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "consecutive_impaired",
                table: "monitor_status");

            migrationBuilder.DropColumn(
                name: "consecutive_not_down",
                table: "monitor_status");

            migrationBuilder.DropColumn(
                name: "region",
                table: "check_rollups");

            migrationBuilder.DropColumn(
                name: "region",
                table: "check_results");

            migrationBuilder.DropColumn(
                name: "notify_degraded",
                table: "alert_channels");

            migrationBuilder.AddPrimaryKey(
                name: "pk_check_rollups",
                table: "check_rollups",
                columns: new[] { "monitor_id", "bucket_start" });
        }
    }
}
