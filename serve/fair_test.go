package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// runServer serves s on a loopback port until the test ends and returns
// its address.
func runServer(t *testing.T, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln, nil) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return ln.Addr().String()
}

// TestSlowSendersDoNotStarve: clients that send their body slowly hold
// no check slot (issue 14 item 2: ten such clients made every other
// check get 503 for the read timeout). With one check slot and one place
// in the queue, three stalled uploads leave a normal request its answer.
func TestSlowSendersDoNotStarve(t *testing.T) {
	inRoot(t)
	o := testOptions()
	o.Concurrency, o.Queue = 1, 1
	s, _ := testServer(t, o)
	addr := runServer(t, s)
	for range 3 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<p>")
	}
	time.Sleep(200 * time.Millisecond) // the stalled uploads are being read
	resp, err := http.Post("http://"+addr+"/v1/check", "text/html", strings.NewReader("<p>Text.</p>"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status %d while three uploads stall, want 200: %s", resp.StatusCode, body)
	}
}

// TestRefusalArrives: a client that sends a body too large for the
// service without waiting for "100 Continue", and reads the answer once
// it has sent it all (as curl does past its wait for 100 Continue), gets
// its 413, not a broken pipe (issue 14 item 3: 81 of 190 refused 5 MB
// uploads saw "broken pipe").
func TestRefusalArrives(t *testing.T) {
	inRoot(t)
	o := testOptions()
	o.MaxBody = 64 << 10
	s, _ := testServer(t, o)
	addr := runServer(t, s)
	for i := range 5 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		size := 4 << 20
		fmt.Fprintf(c, "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: text/html\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n", size)
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		chunk := []byte(strings.Repeat("<p>x</p>", 1024))
		for sent := 0; sent < size; sent += len(chunk) {
			if _, err := c.Write(chunk); err != nil {
				t.Fatalf("upload %d: sending the body after %d bytes: %v", i, sent, err)
			}
		}
		line, err := bufio.NewReader(c).ReadString('\n')
		c.Close()
		if err != nil || !strings.Contains(line, " 413 ") {
			t.Fatalf("upload %d: read %q, %v; want the 413", i, line, err)
		}
	}
}

// FuzzHandler sends /v1/check requests of any query string, content type
// and body through the handler: every answer is a status the service
// documents, and an error is JSON with an "error" message.
func FuzzHandler(f *testing.F) {
	for _, seed := range []struct{ query, ct, body string }{
		{"", "text/html", "<p>Text TK.</p>"},
		{"path=a.html&jurisdiction=ru", "text/html; charset=utf-8", "<p>x</p>"},
		{"path=a;path=b", "text/html", "<p>x</p>"},
		{"path=%zz", "text/html", "x"},
		{"format=sarif&fail_on=warning", "application/json", `{"html": "<p>x</p>", "path": "a.html"}`},
		{"", "application/json", `{"HTML": "x", "html": "y"}`},
		{"", "text/html; charset=utf-16", "<p>x</p>"},
		{"format=html", "text/html", "<table><td><svg><p>x"},
	} {
		f.Add(seed.query, seed.ct, seed.body)
	}
	o := testOptions() // from the package directory: no Chdir in a fuzz target
	o.Config = "../" + o.Config
	o.MaxBody = 64 << 10
	env := testEnv(f, io.Discard)
	s, err := New(env, o, discardLogger())
	if err != nil {
		f.Fatal(err)
	}
	h := s.handler()
	f.Fuzz(func(t *testing.T, query, ct, body string) {
		if _, err := url.ParseRequestURI("/v1/check?" + query); err != nil || strings.ContainsAny(query, " #") || strings.ContainsAny(ct, "\r\n\x00") {
			return // not a request line or header that reaches the handler
		}
		w := (request{target: "/v1/check?" + query, contentType: ct, body: body}).do(h)
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType,
			http.StatusUnprocessableEntity, http.StatusNotAcceptable:
		default:
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		if w.Code != http.StatusOK && w.Code != http.StatusUnprocessableEntity && !strings.HasPrefix(w.Body.String(), `{"error":`) {
			t.Fatalf("status %d without a JSON error: %s", w.Code, w.Body)
		}
	})
}
