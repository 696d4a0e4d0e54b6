using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sentinel.Data.Migrations
{
    /// <inheritdoc />
    public partial class Conditions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "conditions",
                table: "monitors",
                type: "text[]",
                nullable: false,
                // Existing monitors keep their defaults: no conditions (EF does not generate a default for arrays).
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<List<string>>(
                name: "errors",
                table: "check_results",
                type: "text[]",
                nullable: false,
                // Results recorded before keep only their one-line error.
                defaultValueSql: "'{}'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "conditions",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "errors",
                table: "check_results");
        }
    }
}
