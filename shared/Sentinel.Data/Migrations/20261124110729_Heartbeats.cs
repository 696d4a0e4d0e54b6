using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sentinel.Data.Migrations
{
    /// <inheritdoc />
    public partial class Heartbeats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "grace_seconds",
                table: "monitors",
                type: "integer",
                nullable: false,
                // Existing monitors are checks, which have no grace.
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "heartbeat_token",
                table: "monitors",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "last_ping_at",
                table: "monitors",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "type",
                table: "monitors",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                // Existing monitors are checks (EF's generated default, "", is no type at all).
                defaultValue: "check");

            migrationBuilder.CreateIndex(
                name: "ix_monitors_heartbeat_token",
                table: "monitors",
                column: "heartbeat_token",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_monitors_heartbeat_token",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "grace_seconds",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "heartbeat_token",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "last_ping_at",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "type",
                table: "monitors");
        }
    }
}
