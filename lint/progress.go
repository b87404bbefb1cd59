package lint

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// ProgressMode says whether a run shows its progress on stderr.
type ProgressMode int

// The progress modes: --progress, --no-progress, or neither.
const (
	ProgressAuto ProgressMode = iota // on a terminal, outside CI, when stdout carries no piped report
	ProgressOn
	ProgressOff
)

// showProgress decides ProgressAuto (docs/commands.md, "Progress"): a
// line on stderr when stderr is a terminal, the run is not in CI (the CI
// variable that CI systems set; its logs are no terminal, and a status
// line rewritten in place is noise there) and stdout is either the
// terminal too or carries nothing (a report piped or redirected from
// stdout is left alone, and so is its reader's terminal).
func (e *Env) showProgress(o Options) bool {
	switch o.Progress {
	case ProgressOn:
		return true
	case ProgressOff:
		return false
	}
	if o.Quiet || !isTerminal(e.Stderr) || inCI(e.Getenv) {
		return false
	}
	stdoutUsed := o.Fix == FixDiff
	for _, out := range o.Outputs {
		stdoutUsed = stdoutUsed || out.Path == ""
	}
	return !stdoutUsed || isTerminal(e.Stdout)
}

// inCI reports whether the process runs in CI: GitHub Actions, GitLab,
// CircleCI, Travis, Buildkite, Jenkins' plugins and most others set CI.
func inCI(getenv func(string) string) bool {
	v := strings.ToLower(getenv("CI"))
	return v != "" && v != "false" && v != "0"
}

// progress draws "files done/total, MB/s, findings so far" on stderr. On
// a terminal it is one line rewritten in place (at most every 100 ms) and
// erased before anything else is written to the terminal and at the end;
// elsewhere (--progress into a log) it is a line every second and one at
// the end.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	total    int
	done     int
	bytes    int64
	findings int
	start    time.Time
	last     time.Time // last draw
	drawn    bool      // a status line is on the terminal
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, tty: isTerminal(w), total: total, start: time.Now()}
}

// add counts one checked input and redraws when it is time.
func (p *progress) add(c *checked) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.bytes += int64(c.bytes)
	for i := range c.file.Findings {
		if !c.file.Findings[i].Suppressed {
			p.findings++
		}
	}
	every := time.Second
	if p.tty {
		every = 100 * time.Millisecond
	}
	if now := time.Now(); p.done == 1 || p.done == p.total || now.Sub(p.last) >= every {
		p.last = now
		p.draw()
	}
}

// line words the progress: "copydesk: 120/2,329 files, 41.5 MB/s, 87 findings".
func (p *progress) line() string {
	secs := time.Since(p.start).Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(p.bytes) / 1e6 / secs
	}
	return fmt.Sprintf("copydesk: %d/%s, %.1f MB/s, %s", p.done, plural(p.total, "file"), rate, plural(p.findings, "finding"))
}

func (p *progress) draw() {
	if p.tty {
		fmt.Fprintf(p.w, "\r\x1b[K%s", p.line())
		p.drawn = true
		return
	}
	fmt.Fprintln(p.w, p.line())
}

// clear erases the status line from the terminal; the caller holds mu.
func (p *progress) clear() {
	if p.drawn {
		_, _ = io.WriteString(p.w, "\r\x1b[K") // a status line: nothing to do if the terminal is gone
		p.drawn = false
	}
}

// finish erases the status line: the summary and the reports say the rest.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}

// clearing wraps a writer to the same terminal as the status line (stdout
// or stderr): the line is erased before each write, and drawn again on
// the next update.
type clearing struct {
	p *progress
	w io.Writer
}

// Unwrap is the writer under the wrapper (isTerminal looks through it).
func (c clearing) Unwrap() io.Writer { return c.w }

func (c clearing) Write(b []byte) (int, error) {
	c.p.mu.Lock()
	defer c.p.mu.Unlock()
	c.p.clear()
	return c.w.Write(b)
}
