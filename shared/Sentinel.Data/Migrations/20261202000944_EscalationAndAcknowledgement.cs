using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sentinel.Data.Migrations
{
    /// <inheritdoc />
    public partial class EscalationAndAcknowledgement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "escalation_policy_id",
                table: "monitors",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "acknowledgements",
                columns: table => new
                {
                    transition_id = table.Column<Guid>(type: "uuid", nullable: false),
                    monitor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    via = table.Column<int>(type: "integer", nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_acknowledgements", x => x.transition_id);
                    table.ForeignKey(
                        name: "fk_acknowledgements_monitors_monitor_id",
                        column: x => x.monitor_id,
                        principalTable: "monitors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_acknowledgements_status_transitions_transition_id",
                        column: x => x.transition_id,
                        principalTable: "status_transitions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "escalation_policies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    steps = table.Column<string>(type: "jsonb", nullable: false),
                    tags = table.Column<List<string>>(type: "text[]", nullable: false, defaultValueSql: "'{}'"),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_escalation_policies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "signing_keys",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    key = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_signing_keys", x => x.name);
                });

            migrationBuilder.CreateIndex(
                name: "ix_monitors_escalation_policy_id",
                table: "monitors",
                column: "escalation_policy_id");

            migrationBuilder.CreateIndex(
                name: "ix_acknowledgements_monitor_id",
                table: "acknowledgements",
                column: "monitor_id");

            migrationBuilder.CreateIndex(
                name: "ix_escalation_policies_name",
                table: "escalation_policies",
                column: "name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_monitors_escalation_policies_escalation_policy_id",
                table: "monitors",
                column: "escalation_policy_id",
                principalTable: "escalation_policies",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            // Hand-written (carry over when regenerating): the acknowledge-link key, 32 random bytes from two
            // gen_random_uuid()s (122 random bits each), so no user has to invent a secret.
            migrationBuilder.Sql(
                "INSERT INTO signing_keys (name, key, created_at) VALUES ('acknowledge-links', "
                + "decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'), now())");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_monitors_escalation_policies_escalation_policy_id",
                table: "monitors");

            migrationBuilder.DropTable(
                name: "acknowledgements");

            migrationBuilder.DropTable(
                name: "escalation_policies");

            migrationBuilder.DropTable(
                name: "signing_keys");

            migrationBuilder.DropIndex(
                name: "ix_monitors_escalation_policy_id",
                table: "monitors");

            migrationBuilder.DropColumn(
                name: "escalation_policy_id",
                table: "monitors");
        }
    }
}
