package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/copydesk/copydesk/lint"
)

// loadServer starts the service on a loopback port with the default
// limits and returns the /v1/check URL and a function that stops it.
func loadServer(tb testing.TB) (*Server, string, func()) {
	tb.Helper()
	o := testOptions()
	o.Concurrency = runtime.GOMAXPROCS(0)
	o.Queue = 4 * o.Concurrency
	var stderr bytes.Buffer
	s, err := New(testEnv(tb, &stderr), o, discardLogger())
	if err != nil {
		tb.Fatalf("%v\n%s", err, stderr.String())
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln, nil) }()
	var once sync.Once
	return s, "http://" + ln.Addr().String() + routeCheck + "?path=news/aleppo.html", func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				tb.Errorf("run: %v", err)
			}
		})
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// post sends the article and checks that the answer is the report of a
// failing check with its three findings.
func post(client *http.Client, url string, body []byte) error {
	resp, err := client.Post(url, "text/html", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, data)
	}
	var got summary
	if err := json.Unmarshal(data, &got); err != nil {
		return err
	}
	if got.Summary.Findings != 3 || got.Summary.Pass == nil || *got.Summary.Pass {
		return fmt.Errorf("unexpected report: %s", data)
	}
	return nil
}

// rss returns this process's resident set size and its peak, from
// /proc/self/status ("" where there is none).
func rss() (cur, peak string) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "", ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			cur = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			peak = strings.TrimSpace(v)
		}
	}
	return cur, peak
}

// TestServeLoad sends the reference story 2 000 times from 8 concurrent
// clients to the service on loopback, with its default limits, and
// requires every answer to be the right report. It logs requests per
// second, p50 and p99 latency and the RSS of the test process (client and
// server); it asserts nothing about speed. With -short, or under the race
// detector (which slows the service down about twenty times), it sends 250.
func TestServeLoad(t *testing.T) {
	inRoot(t)
	const clients = 8
	n := 2000
	if testing.Short() || raceEnabled {
		n = 250
	}
	story := []byte(readArticle(t, "rferl-aleppo.html"))
	s, url, stop := loadServer(t)
	defer stop()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: time.Minute}
	defer client.CloseIdleConnections()

	latency := make([]time.Duration, n)
	var next atomic.Int64
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t0 := time.Now()
				err := post(client, url, story)
				latency[i] = time.Since(t0)
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	if len(errs) > 0 {
		t.Errorf("%d of %d requests failed; first: %v", len(errs), n, errs[0])
	}
	client.CloseIdleConnections()
	stop() // waits for the handlers to return
	s.metrics.mu.Lock()
	counted := s.metrics.duration["fail"].count
	s.metrics.mu.Unlock()
	if counted != uint64(n) {
		t.Errorf("the server counted %d checks, want %d", counted, n)
	}
	sort.Slice(latency, func(i, j int) bool { return latency[i] < latency[j] })
	cur, peak := rss()
	t.Logf("%d requests of %d bytes from %d clients in %s: %.0f requests/s, latency p50 %s, p99 %s, max %s; RSS %s (peak %s); GOMAXPROCS %d",
		n, len(story), clients, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(),
		latency[n/2].Round(10*time.Microsecond), latency[n*99/100].Round(10*time.Microsecond), latency[n-1].Round(10*time.Microsecond),
		cur, peak, runtime.GOMAXPROCS(0))
}

// BenchmarkServeCheck measures requests per second for the reference
// story through the whole service (HTTP on loopback, limits, metrics,
// JSON report), with parallel clients; BenchmarkCheckSource is the same
// check without HTTP, as the baseline.
func BenchmarkServeCheck(b *testing.B) {
	b.Chdir("..")
	story, err := os.ReadFile("testdata/articles/rferl-aleppo.html")
	if err != nil {
		b.Fatal(err)
	}
	_, url, stop := loadServer(b)
	defer stop()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	defer client.CloseIdleConnections()
	b.SetParallelism(4) // 4 × GOMAXPROCS clients: the server, not the clients, is the limit
	b.SetBytes(int64(len(story)))
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := post(client, url, story); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "requests/s")
}

func BenchmarkCheckSource(b *testing.B) {
	b.Chdir("..")
	story, err := os.ReadFile("testdata/articles/rferl-aleppo.html")
	if err != nil {
		b.Fatal(err)
	}
	s, _, stop := loadServer(b)
	defer stop()
	l := s.rules.Load().l
	b.SetBytes(int64(len(story)))
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, ierr := l.CheckSource(lint.Input{Path: "news/aleppo.html"}, story, nil); ierr != nil {
				b.Error(ierr)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "checks/s")
}
