using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sentinel.Data.Migrations
{
    /// <inheritdoc />
    public partial class DailyRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "check_rollups_daily",
                columns: table => new
                {
                    monitor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    region = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false, defaultValue: "default"),
                    checks = table.Column<int>(type: "integer", nullable: false),
                    up_checks = table.Column<int>(type: "integer", nullable: false),
                    latency_sum_ms = table.Column<double>(type: "double precision", nullable: false),
                    latency_min_ms = table.Column<double>(type: "double precision", nullable: true),
                    latency_max_ms = table.Column<double>(type: "double precision", nullable: true),
                    latency_histogram = table.Column<int[]>(type: "integer[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_check_rollups_daily", x => new { x.monitor_id, x.day, x.region });
                    table.ForeignKey(
                        name: "fk_check_rollups_daily_monitors_monitor_id",
                        column: x => x.monitor_id,
                        principalTable: "monitors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "check_rollups_daily");
        }
    }
}
