using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sentinel.Data.Migrations
{
    /// <inheritdoc />
    public partial class RollupMinMax : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No backfill: the results of older hours may be gone (retention), so rows already here keep null
            // extremes, and the uptime read leaves its estimates unclamped over a window that includes them.
            migrationBuilder.AddColumn<double>(
                name: "latency_max_ms",
                table: "check_rollups",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "latency_min_ms",
                table: "check_rollups",
                type: "double precision",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "latency_max_ms",
                table: "check_rollups");

            migrationBuilder.DropColumn(
                name: "latency_min_ms",
                table: "check_rollups");
        }
    }
}
