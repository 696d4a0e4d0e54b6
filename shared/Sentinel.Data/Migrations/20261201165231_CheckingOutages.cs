using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sentinel.Data.Migrations
{
    /// <inheritdoc />
    public partial class CheckingOutages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_notification_deliveries_transition_id_channel_id_sequence",
                table: "notification_deliveries");

            migrationBuilder.AlterColumn<Guid>(
                name: "monitor_id",
                table: "notification_deliveries",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.CreateTable(
                name: "checking_outages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    quiet_since = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    overdue_monitors = table.Column<int>(type: "integer", nullable: false),
                    ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_checking_outages", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notification_deliveries_notice",
                table: "notification_deliveries",
                columns: new[] { "transition_id", "channel_id", "kind", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_checking_outages_open",
                table: "checking_outages",
                column: "ended_at",
                unique: true,
                filter: "ended_at IS NULL")
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Sentinel's own notices have no monitor, which the old schema cannot hold.
            migrationBuilder.Sql("DELETE FROM notification_deliveries WHERE monitor_id IS NULL");

            migrationBuilder.DropTable(
                name: "checking_outages");

            migrationBuilder.DropIndex(
                name: "ix_notification_deliveries_notice",
                table: "notification_deliveries");

            migrationBuilder.AlterColumn<Guid>(
                name: "monitor_id",
                table: "notification_deliveries",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_notification_deliveries_transition_id_channel_id_sequence",
                table: "notification_deliveries",
                columns: new[] { "transition_id", "channel_id", "sequence" },
                unique: true);
        }
    }
}
