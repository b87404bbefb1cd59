package serve

import (
	"bufio"
	"bytes"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// Sizing the service (docs/serve.md, "Sizing"). A request holds its body
// from the first byte to its answer: 4 × (concurrency + queue) bodies may
// be being received, concurrency + queue received and checked or waiting,
// each up to --max-body; a check holds about eight times its document's
// size besides (docs/limits.md). The default queue is as long as those
// fit, at their largest, in half the memory the process may use, so a
// burst waits for a slot rather than getting 503, and the service is not
// killed for memory when every body is as large as allowed.
const (
	checkMemoryFactor = 8    // a check's peak memory, per byte of its document
	minQueuePerSlot   = 4    // the queue is never shorter than 4 × concurrency
	maxQueue          = 1024 // nor longer: past that a request waits longer than a client does
)

// DefaultQueue is the queue of a service with concurrency check slots,
// bodies of at most maxBody bytes and memory bytes to use (0: unknown,
// then 4 × concurrency).
func DefaultQueue(concurrency int, maxBody int64, memory uint64) int {
	floor := minQueuePerSlot * concurrency
	if memory == 0 || maxBody <= 0 {
		return floor
	}
	budget := float64(memory)/2 - float64(concurrency)*checkMemoryFactor*float64(maxBody)
	// 4 × (c + q) bodies being received and c + q received: 5 × (c + q).
	q := int(budget/(5*float64(maxBody))) - concurrency
	return min(max(q, floor), max(maxQueue, floor))
}

// AvailableMemory is the memory the process may use: the least of the
// machine's memory (MemTotal), the cgroup's limit (v2 memory.max, v1
// memory.limit_in_bytes) and GOMEMLIMIT; 0 when none can be read.
func AvailableMemory() uint64 {
	var limit uint64 = math.MaxUint64
	take := func(v uint64) {
		if v > 0 && v < limit {
			limit = v
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
				if kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64); err == nil {
					take(kb << 10)
				}
			}
		}
	}
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if data, err := os.ReadFile(f); err == nil {
			if v, err := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 64); err == nil { // "max": no limit
				take(v)
			}
		}
	}
	if l := debug.SetMemoryLimit(-1); l > 0 && l < math.MaxInt64 {
		take(uint64(l))
	}
	if limit == math.MaxUint64 {
		return 0
	}
	return limit
}
