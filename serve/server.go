package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// Options are the settings of the service: those of `copydesk serve`,
// whose flags they mirror.
type Options struct {
	Addr            string   // address to listen on, host:port
	Config          string   // config file; "": .copydesk.yml found walking up from the working directory
	Rules           []string // extra rule files
	TokenFile       string   // file holding the bearer token; "": no authentication
	InsecureListen  bool     // allow a non-loopback Addr without TokenFile
	FailOn          rules.Severity
	MaxBody         int64 // largest request body, in bytes
	Concurrency     int   // checks that run at once
	Queue           int   // requests that may wait for a check slot; -1: sized by memory (DefaultQueue)
	ReadTimeout     time.Duration
	WriteTimeout    time.Duration
	ShutdownTimeout time.Duration
	Tool            report.Tool // as reports, /healthz and /metrics name the service
}

// Validate checks the options and fills in the default queue. Its
// errors name the serve flags and are usage errors.
func (o *Options) Validate() error {
	if o.Concurrency < 1 {
		return lint.UsageErrorf("--concurrency %d: must be at least 1", o.Concurrency)
	}
	if o.Queue < 0 {
		o.Queue = DefaultQueue(o.Concurrency, o.MaxBody, AvailableMemory())
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"read-timeout", o.ReadTimeout}, {"write-timeout", o.WriteTimeout}, {"shutdown-timeout", o.ShutdownTimeout}} {
		if d.v <= 0 {
			return lint.UsageErrorf("--%s %s: must be positive", d.name, d.v)
		}
	}
	loopback, err := isLoopback(o.Addr)
	if err != nil {
		return lint.UsageErrorf("--addr %s: %v", o.Addr, err)
	}
	if !loopback && o.TokenFile == "" && !o.InsecureListen {
		return lint.UsageErrorf("--addr %s is not a loopback address: give --token-file to require a bearer token, or --insecure-listen to serve anyone who can connect", o.Addr)
	}
	return nil
}

// isLoopback reports whether a listen address only accepts connections
// from this machine. An empty host (all interfaces) or a host name other
// than localhost is not loopback.
func isLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, errors.New("expected host:port, e.g. 127.0.0.1:8080")
	}
	if host == "localhost" {
		return true, nil
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false, nil
	}
	return ip.IsLoopback(), nil
}

// ruleState is what a reload replaces at once: the rules, and when they
// were loaded.
type ruleState struct {
	l        *lint.Linter
	loadedAt time.Time
}

// Server is the HTTP service: rules and token that reloads swap
// atomically, the concurrency limit and the metrics.
type Server struct {
	env     *lint.Env
	opts    Options
	log     *slog.Logger
	metrics *serveMetrics
	rules   atomic.Pointer[ruleState]
	token   atomic.Pointer[[]byte] // nil: no authentication
	reading chan struct{}          // request bodies of /v1/check being received
	admit   chan struct{}          // requests admitted to /v1/check: running or waiting
	work    chan struct{}          // checks running

	// checkDoc checks one document: (*lint.Linter).CheckSource, which
	// tests may replace.
	checkDoc func(l *lint.Linter, in lint.Input, src []byte, jurisdictions []string) (report.File, *report.InputError)
}

// New loads the rules and the token for a service that runs in env and
// logs to log; o must be valid (see Options.Validate). Problems with the
// rules or the token are printed on env's stderr like those of check,
// and returned as usage errors (exit code 2).
func New(env *lint.Env, o Options, log *slog.Logger) (*Server, error) {
	s := &Server{
		env:      env,
		opts:     o,
		log:      log,
		metrics:  newServeMetrics(),
		reading:  make(chan struct{}, 4*(o.Concurrency+o.Queue)),
		admit:    make(chan struct{}, o.Concurrency+o.Queue),
		work:     make(chan struct{}, o.Concurrency),
		checkDoc: (*lint.Linter).CheckSource,
	}
	l, err := env.Load(o.Config, o.Rules)
	if err != nil {
		return nil, env.PrintConfigError(err)
	}
	s.setRules(l)
	if o.TokenFile != "" {
		tok, err := readToken(env.Abs(o.TokenFile))
		if err != nil {
			return nil, lint.UsageErrorf("--token-file %v", err)
		}
		s.token.Store(&tok)
	}
	return s, nil
}

func (s *Server) setRules(l *lint.Linter) {
	now := time.Now()
	s.rules.Store(&ruleState{l: l, loadedAt: now})
	s.metrics.loaded(true, len(l.Set.Rules), now)
}

// readToken reads a bearer token file: its content without surrounding
// white space, which must not be empty.
func readToken(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, lint.IOMessage(err))
	}
	tok := bytes.TrimSpace(data)
	if len(tok) == 0 {
		return nil, fmt.Errorf("%s: the file is empty", path)
	}
	return tok, nil
}

// reload loads the rules (and the token file) again. On any error the
// server keeps what it has, logs the problem and returns it.
func (s *Server) reload() error {
	l, err := s.env.Load(s.opts.Config, s.opts.Rules)
	var tok []byte
	if err == nil && s.opts.TokenFile != "" {
		tok, err = readToken(s.env.Abs(s.opts.TokenFile))
		if err != nil {
			err = fmt.Errorf("--token-file %w", err)
		}
	}
	if err != nil {
		s.metrics.loaded(false, 0, time.Time{})
		var list rules.ErrorList
		msgs := []string{err.Error()}
		if errors.As(err, &list) {
			msgs = msgs[:0]
			for _, x := range list {
				msgs = append(msgs, s.env.RelError(x))
			}
		}
		s.log.Error("reload failed; the previous rules stay in use", "errors", msgs)
		return err
	}
	s.setRules(l)
	if tok != nil {
		s.token.Store(&tok)
	}
	s.log.Info("rules reloaded", "rules", len(l.Set.Rules))
	return nil
}

// httpServer is the http.Server of the service, with its timeouts.
func (s *Server) httpServer() *http.Server {
	return &http.Server{
		Handler:           s.handler(),
		ReadHeaderTimeout: min(10*time.Second, s.opts.ReadTimeout),
		ReadTimeout:       s.opts.ReadTimeout,
		WriteTimeout:      s.opts.WriteTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// ListenAndServe listens on the address of the options and serves until
// ctx is done or the process gets SIGTERM or SIGINT, then shuts down
// gracefully (see Run). After the first of those signals the default
// action is restored, so a second Ctrl-C ends the process at once.
// SIGHUP reloads the rules and the token.
func (s *Server) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return s.Run(ctx, ln, hup)
}

// Run serves on ln until ctx is done, then shuts down gracefully: it stops
// accepting, lets the requests in flight finish (up to the shutdown
// timeout) and returns. A value on reload reloads the rules.
func (s *Server) Run(ctx context.Context, ln net.Listener, reload <-chan os.Signal) error {
	srv := s.httpServer()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	s.log.Info("listening", "addr", ln.Addr().String(), "version", s.opts.Tool.Version,
		"concurrency", s.opts.Concurrency, "queue", s.opts.Queue, "max_body", s.opts.MaxBody,
		"rules", len(s.rules.Load().l.Set.Rules), "auth", s.token.Load() != nil)
	for {
		select {
		case err := <-served:
			return err
		case <-reload:
			_ = s.reload() // logged; the old rules stay
		case <-ctx.Done():
			s.log.Info("shutting down", "timeout", s.opts.ShutdownTimeout.String())
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.ShutdownTimeout)
			err := srv.Shutdown(sctx)
			cancel()
			if err != nil {
				srv.Close()
				return fmt.Errorf("requests still running after %s: %w", s.opts.ShutdownTimeout, err)
			}
			if err := <-served; !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			s.log.Info("stopped")
			return nil
		}
	}
}
