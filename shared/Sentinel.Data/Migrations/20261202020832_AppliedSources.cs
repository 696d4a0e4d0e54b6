using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sentinel.Data.Migrations
{
    /// <inheritdoc />
    public partial class AppliedSources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "status_pages",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "monitors",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "maintenance_windows",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "escalation_policies",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "alert_channels",
                type: "text",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_monitors_name",
                table: "monitors",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_monitors_source",
                table: "monitors",
                column: "source",
                filter: "source IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_monitors_name",
                table: "monitors");

            migrationBuilder.DropIndex(
                name: "ix_monitors_source",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "source",
                table: "status_pages");

            migrationBuilder.DropColumn(
                name: "source",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "source",
                table: "maintenance_windows");

            migrationBuilder.DropColumn(
                name: "source",
                table: "escalation_policies");

            migrationBuilder.DropColumn(
                name: "source",
                table: "alert_channels");
        }
    }
}
