using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sentinel.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScheduleTable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "monitor_schedule",
                columns: table => new
                {
                    monitor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    next_check_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_monitor_schedule", x => x.monitor_id);
                    table.ForeignKey(
                        name: "fk_monitor_schedule_monitors_monitor_id",
                        column: x => x.monitor_id,
                        principalTable: "monitors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Every monitor keeps its due time; a disabled one is parked, as the claim would park it.
            migrationBuilder.Sql("""
                INSERT INTO monitor_schedule (monitor_id, next_check_at)
                SELECT id, CASE WHEN enabled THEN next_check_at ELSE 'infinity' END FROM monitors
                """);

            migrationBuilder.CreateIndex(
                name: "ix_monitor_schedule_due",
                table: "monitor_schedule",
                column: "next_check_at");

            migrationBuilder.DropIndex(
                name: "ix_monitors_due",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "next_check_at",
                table: "monitors");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "next_check_at",
                table: "monitors",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            // A parked (disabled) monitor is due at once, as it was before parking existed: ix_monitors_due leaves it out.
            migrationBuilder.Sql("""
                UPDATE monitors
                SET next_check_at = CASE WHEN s.next_check_at = 'infinity' THEN now() ELSE s.next_check_at END
                FROM monitor_schedule s WHERE s.monitor_id = monitors.id
                """);

            migrationBuilder.DropTable(
                name: "monitor_schedule");

            migrationBuilder.CreateIndex(
                name: "ix_monitors_due",
                table: "monitors",
                column: "next_check_at",
                filter: "enabled");
        }
    }
}
