using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sentinel.Data.Migrations
{
    /// <inheritdoc />
    public partial class UptimeRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "check_rollups",
                columns: table => new
                {
                    monitor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    bucket_start = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    checks = table.Column<int>(type: "integer", nullable: false),
                    up_checks = table.Column<int>(type: "integer", nullable: false),
                    latency_sum_ms = table.Column<double>(type: "double precision", nullable: false),
                    latency_histogram = table.Column<int[]>(type: "integer[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_check_rollups", x => new { x.monitor_id, x.bucket_start });
                    table.ForeignKey(
                        name: "fk_check_rollups_monitors_monitor_id",
                        column: x => x.monitor_id,
                        principalTable: "monitors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Roll up the results stored before this migration, so uptime covers them too. The bucket expression is
            // LatencyHistogram.BucketOf; hours are UTC hours, as the recorder writes them.
            migrationBuilder.Sql("""
                WITH r AS (
                    SELECT monitor_id, date_trunc('hour', checked_at, 'UTC') AS bucket_start, status, latency_ms,
                           CASE WHEN latency_ms >= 131072 THEN 85
                                WHEN NOT (latency_ms >= 0.0625) THEN 0
                                ELSE least(greatest(floor(4 * ln(latency_ms / 0.0625) / ln(2))::int + 1, 1), 84)
                           END AS k
                    FROM check_results),
                totals AS (
                    SELECT monitor_id, bucket_start, count(*)::int AS checks, (count(*) FILTER (WHERE status = 1))::int AS up_checks,
                           sum(latency_ms) AS latency_sum_ms
                    FROM r GROUP BY monitor_id, bucket_start),
                cells AS (
                    SELECT monitor_id, bucket_start, k, count(*)::int AS n FROM r GROUP BY monitor_id, bucket_start, k),
                histograms AS (
                    SELECT t.monitor_id, t.bucket_start, array_agg(coalesce(c.n, 0) ORDER BY s.k) AS histogram
                    FROM totals t CROSS JOIN generate_series(0, 85) AS s(k)
                    LEFT JOIN cells c ON c.monitor_id = t.monitor_id AND c.bucket_start = t.bucket_start AND c.k = s.k
                    GROUP BY t.monitor_id, t.bucket_start)
                INSERT INTO check_rollups (monitor_id, bucket_start, checks, up_checks, latency_sum_ms, latency_histogram)
                SELECT t.monitor_id, t.bucket_start, t.checks, t.up_checks, t.latency_sum_ms, h.histogram
                FROM totals t JOIN histograms h USING (monitor_id, bucket_start);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "check_rollups");
        }
    }
}
