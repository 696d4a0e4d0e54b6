using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sentinel.Data.Migrations
{
    /// <inheritdoc />
    public partial class FlappingAndDependencies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "reason",
                table: "notification_deliveries",
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<List<Guid>>(
                name: "depends_on",
                table: "monitors",
                type: "uuid[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<int>(
                name: "flapping_changes",
                table: "monitors",
                type: "integer",
                nullable: false,
                defaultValue: 5);

            migrationBuilder.AddColumn<int>(
                name: "flapping_minutes",
                table: "monitors",
                type: "integer",
                nullable: false,
                defaultValue: 10);

            migrationBuilder.CreateTable(
                name: "flapping_periods",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    monitor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    changes = table.Column<int>(type: "integer", nullable: false),
                    minutes = table.Column<int>(type: "integer", nullable: false),
                    ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    settled_state = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_flapping_periods", x => x.id);
                    table.ForeignKey(
                        name: "fk_flapping_periods_monitors_monitor_id",
                        column: x => x.monitor_id,
                        principalTable: "monitors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notification_deliveries_held",
                table: "notification_deliveries",
                column: "transition_id",
                filter: "state = 4");

            migrationBuilder.CreateIndex(
                name: "ix_flapping_periods_monitor_id_started_at",
                table: "flapping_periods",
                columns: new[] { "monitor_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_flapping_periods_open",
                table: "flapping_periods",
                column: "monitor_id",
                unique: true,
                filter: "ended_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "flapping_periods");

            migrationBuilder.DropIndex(
                name: "ix_notification_deliveries_held",
                table: "notification_deliveries");

            migrationBuilder.DropColumn(
                name: "reason",
                table: "notification_deliveries");

            migrationBuilder.DropColumn(
                name: "depends_on",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "flapping_changes",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "flapping_minutes",
                table: "monitors");
        }
    }
}
