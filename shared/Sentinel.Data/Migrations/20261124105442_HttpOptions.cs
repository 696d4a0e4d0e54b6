using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sentinel.Data.Migrations
{
    /// <inheritdoc />
    public partial class HttpOptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "basic_auth_password",
                table: "monitors",
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "basic_auth_username",
                table: "monitors",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "bearer_token",
                table: "monitors",
                type: "character varying(4096)",
                maxLength: 4096,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "body",
                table: "monitors",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "content_type",
                table: "monitors",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "follow_redirects",
                table: "monitors",
                type: "boolean",
                nullable: false,
                // Existing monitors keep today's behaviour (the generated default would be false).
                defaultValue: true);

            migrationBuilder.AddColumn<int>(
                name: "retries",
                table: "monitors",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "verify_tls",
                table: "monitors",
                type: "boolean",
                nullable: false,
                // Existing monitors keep today's behaviour (the generated default would be false).
                defaultValue: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "basic_auth_password",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "basic_auth_username",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "bearer_token",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "body",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "content_type",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "follow_redirects",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "retries",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "verify_tls",
                table: "monitors");
        }
    }
}
