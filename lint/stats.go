package lint

import (
	"fmt"
	"io"
	"runtime/metrics"
	"time"
)

// stats measures a check run for --stats: files, bytes, wall time,
// throughput and peak memory, printed to stderr when the run is over.
type stats struct {
	start  time.Time
	files  int
	failed int // inputs that could not be read or checked
	bytes  int64
}

func newStats() *stats { return &stats{start: time.Now()} }

// add counts one checked input.
func (s *stats) add(c *checked) {
	s.files++
	if c.err != nil {
		s.failed++
	}
	s.bytes += int64(c.bytes)
}

// print writes the figures as one line, e.g.
//
//	copydesk: 300 files (37.5 MB) in 0.412 s: 91.1 MB/s, 728 files/s; peak RSS 84.2 MB, 512.0 MB allocated
func (s *stats) print(w io.Writer) {
	wall := time.Since(s.start).Seconds()
	mb := float64(s.bytes) / 1e6
	line := fmt.Sprintf("copydesk: %s (%.1f MB) in %.3f s: %.1f MB/s, %.0f files/s", plural(s.files, "file"), mb, wall, mb/wall, float64(s.files)/wall)
	if s.failed > 0 {
		line += fmt.Sprintf(", %d not checked", s.failed)
	}
	if rss := peakRSS(); rss > 0 {
		line += fmt.Sprintf("; peak RSS %.1f MB", float64(rss)/1e6)
	} else {
		line += "; peak RSS unknown"
	}
	sample := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		line += fmt.Sprintf(", %.1f MB allocated", float64(sample[0].Value.Uint64())/1e6)
	}
	fmt.Fprintln(w, line)
}
