using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sentinel.Data.Migrations
{
    /// <inheritdoc />
    public partial class ResultTimings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "dispatched_at",
                table: "check_results",
                type: "timestamp with time zone",
                nullable: true);

            // Added without a default, then given one: rows stored before stay null rather than all claiming the
            // migration's time.
            migrationBuilder.AddColumn<DateTime>(
                name: "recorded_at",
                table: "check_results",
                type: "timestamp with time zone",
                nullable: true);
            migrationBuilder.Sql("ALTER TABLE check_results ALTER COLUMN recorded_at SET DEFAULT now();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "dispatched_at",
                table: "check_results");

            migrationBuilder.DropColumn(
                name: "recorded_at",
                table: "check_results");
        }
    }
}
