-- wrk-report.lua - the done() both wrk scripts share (bench/records.lua,
-- bench/advice.lua load it with dofile). It prints one machine-readable
-- line, so the shell scripts never scrape wrk's human output:
--
--   BENCH rps=… p50_us=… p99_us=… mean_us=… requests=… duration_us=…
--         connect=… read=… write=… status=… timeout=…
--
-- status counts answers that were not 2xx or 3xx; the percentiles are
-- wrk's, from its latency histogram.

function done(summary, latency, requests)
	local secs = summary.duration / 1e6
	local e = summary.errors
	io.write(string.format(
		"BENCH rps=%.1f p50_us=%d p99_us=%d mean_us=%.1f requests=%d " ..
		"duration_us=%d connect=%d read=%d write=%d status=%d " ..
		"timeout=%d\n",
		summary.requests / secs, latency:percentile(50),
		latency:percentile(99), latency.mean, summary.requests,
		summary.duration, e.connect, e.read, e.write, e.status,
		e.timeout))
end
