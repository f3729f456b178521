package evidence

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// roundTripFunc lets a test stand in for the network.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// serve delivers requests to h in memory, as the mock network does.
func serve(h http.Handler) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		in := r.Clone(r.Context())
		in.Host = r.URL.Host
		in.RequestURI = r.URL.RequestURI()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, in)
		return rec.Result(), nil
	})
}

func TestTransportRecordsAgainstTheStepRedactsAndTruncates(t *testing.T) {
	log := &Log{}
	big := strings.Repeat("x", BodyLimit+100)
	var seen *http.Request
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = r
		rec := httptest.NewRecorder()
		rec.Header().Set("Set-Cookie", "sid=s3cr3t")
		rec.Header().Set("Content-Type", "application/json")
		rec.WriteString(`{"ok":true,"access_token":"tok-123","pad":"` + big + `"}`)
		return rec.Result(), nil
	})
	c := &http.Client{Transport: &Transport{Base: base, From: "harness", Log: log}}
	log.SetStep(2)
	req, err := http.NewRequest("POST", "https://iut.test/pay?order=7&token=abc&X-Signature=zz", strings.NewReader(`{"amount":"1.00","sign":"deadbeef","nested":{"client_secret":"hush"}}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer hunter2")
	req.Header.Set("Cookie", "a=b")
	req.Header.Set("X-Request-Signature", "sig")
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	resp.Body.Close()

	assert.Contains(t, string(body), "tok-123", "the caller still reads the whole, unredacted body")
	assert.Greater(t, len(body), BodyLimit)
	assert.Empty(t, req.Header.Get(MarkHeader), "the caller's request is not modified")
	assert.NotEmpty(t, seen.Header.Get(MarkHeader), "the request sent on carries the log's mark")

	xs := log.Exchanges()
	require.Len(t, xs, 1)
	x := xs[0]
	assert.Equal(t, 2, x.Step)
	assert.Equal(t, "harness", x.From)
	assert.Equal(t, "iut.test", x.To)
	assert.Equal(t, 200, x.Status)
	assert.Equal(t, "https://iut.test/pay?order=7&token=%5Bredacted%5D&X-Signature=%5Bredacted%5D", x.URL)
	assert.Equal(t, Redacted, x.ReqHeaders["Authorization"])
	assert.Equal(t, Redacted, x.ReqHeaders["Cookie"])
	assert.Equal(t, Redacted, x.ReqHeaders["X-Request-Signature"])
	assert.Equal(t, "application/json", x.ReqHeaders["Accept"])
	assert.NotContains(t, x.ReqHeaders, MarkHeader)
	assert.Equal(t, Redacted, x.RespHeaders["Set-Cookie"])
	assert.Equal(t, `{"amount":"1.00","sign":"[redacted]","nested":{"client_secret":"[redacted]"}}`, x.ReqBody)
	assert.Contains(t, x.RespBody, `"access_token":"[redacted]"`)
	assert.NotContains(t, x.RespBody, "tok-123")
	assert.True(t, x.Truncated)
	assert.Len(t, x.RespBody, BodyLimit)
}

func TestHandlerRecordsTheImplementationsCallsToAMock(t *testing.T) {
	log := &Log{}
	mock := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.Header.Get(MarkHeader), "the mark never reaches the mock")
		io.WriteString(w, `{"password":"p4ss","name":"shop"}`)
	})
	iut := &http.Client{Transport: serve(Handler(log, "implementation", "rival shop", mock))}
	log.SetStep(1)
	resp, err := iut.PostForm("https://shop.rival.test/preview?id=9&api_key=k", map[string][]string{"item": {"9"}, "password": {"p"}})
	require.NoError(t, err)
	resp.Body.Close()

	xs := log.Exchanges()
	require.Len(t, xs, 1)
	x := xs[0]
	assert.Equal(t, 1, x.Step)
	assert.Equal(t, "implementation", x.From)
	assert.Equal(t, "rival shop", x.To)
	assert.Equal(t, "https://shop.rival.test/preview?id=9&api_key=%5Bredacted%5D", x.URL)
	assert.Equal(t, "item=9&password=%5Bredacted%5D", x.ReqBody)
	assert.Equal(t, `{"password":"[redacted]","name":"shop"}`, x.RespBody)
}

// The harness reaching a mock directly passes through both the Transport and
// the mock's Handler; the exchange must be recorded once, as the harness's.
func TestHarnessToMockIsRecordedOnceAsTheHarnesss(t *testing.T) {
	log := &Log{}
	mock := Handler(log, "implementation", "rival shop", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "product page")
	}))
	c := &http.Client{Transport: &Transport{Base: serve(mock), From: "harness", Log: log}}
	resp, err := c.Get("https://shop.rival.test/p/1")
	require.NoError(t, err)
	resp.Body.Close()
	xs := log.Exchanges()
	require.Len(t, xs, 1)
	assert.Equal(t, "harness", xs[0].From)
	assert.Equal(t, "product page", xs[0].RespBody)
}

// An implementation that copies a mark it does not know is still recorded.
func TestAForeignMarkDoesNotHideAnExchange(t *testing.T) {
	log := &Log{}
	mock := Handler(log, "implementation", "shop", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	req := httptest.NewRequest("GET", "https://shop.test/", nil)
	req.Header.Set(MarkHeader, "forged")
	mock.ServeHTTP(httptest.NewRecorder(), req)
	assert.Len(t, log.Exchanges(), 1)
}

func TestRedactBodyKeepsOrdinaryTextAndCutSecrets(t *testing.T) {
	assert.Equal(t, "plain text, no secrets", redactBody("plain text, no secrets"))
	assert.Equal(t, `{"token":"[redacted]"`, redactBody(`{"token":"abc`), "a secret cut off by truncation is still hidden")
	assert.Equal(t, `{"note":"the token is \"x\""}`, redactBody(`{"note":"the token is \"x\""}`))
	assert.Equal(t, "a=1&sig=%5Bredacted%5D", redactBody("a=1&sig=2"))
}

func TestClipKeepsUTF8Valid(t *testing.T) {
	s, cut := clip([]byte(strings.Repeat("互", BodyLimit)))
	assert.True(t, cut)
	assert.LessOrEqual(t, len(s), BodyLimit+3)
	assert.True(t, strings.HasPrefix(s, "互互"))
	assert.True(t, utf8.ValidString(s))
}

// An implementation that passes on the mark of the harness's request to it
// when it calls a mock is still recorded: the mark is honoured only by the
// host it was sent to.
func TestAForwardedMarkDoesNotHideAnExchange(t *testing.T) {
	log := &Log{}
	mock := Handler(log, "implementation", "shop", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	iut := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		out := httptest.NewRequest("GET", "https://shop.test/p", nil)
		out.Header.Set(MarkHeader, r.Header.Get(MarkHeader))
		mock.ServeHTTP(httptest.NewRecorder(), out)
	})
	c := &http.Client{Transport: &Transport{Base: serve(iut), From: "harness", Log: log}}
	resp, err := c.Get("https://iut.test/send")
	require.NoError(t, err)
	resp.Body.Close()
	xs := log.Exchanges()
	require.Len(t, xs, 2)
	assert.Equal(t, "implementation", xs[0].From)
	assert.Equal(t, "harness", xs[1].From)
	assert.Empty(t, log.pending, "marks are forgotten when their request ends")
}

func TestProxyCredentialInABodyIsRedacted(t *testing.T) {
	got := redactBody(`{"label":"x","network":{"proxy_url":"http://hutong:0123abcd@127.0.0.1:7070"}}`)
	assert.NotContains(t, got, "0123abcd")
	assert.Contains(t, got, `"proxy_url":"http://hutong:`)
	assert.Contains(t, got, `@127.0.0.1:7070"`)
}

// However much the implementation sends, a scenario's evidence stays within
// its bounds and says what it left out.
func TestEvidenceIsBoundedWhateverTheImplementationSends(t *testing.T) {
	h := http.Header{}
	for i := 0; i < 20000; i++ {
		h.Set(fmt.Sprintf("X-Junk-%05d", i), strings.Repeat("v", 500))
	}
	got := redact(h)
	assert.LessOrEqual(t, len(got), HeaderLimit+1)
	assert.Contains(t, got["…"], "more header(s) not kept")
	size := 0
	for k, v := range got {
		size += len(k) + len(v)
	}
	assert.Less(t, size, HeadersLimit+200)

	l := &Log{}
	big := strings.Repeat("b", BodyLimit)
	for i := 0; i < 3*ExchangeLimit; i++ {
		l.Add(Exchange{URL: "http://x.test/" + strings.Repeat("p", 10000), RespHeaders: got, RespBody: big})
	}
	xs := l.Exchanges()
	assert.Len(t, xs, ExchangeLimit)
	assert.Less(t, len(xs[0].URL), URLLimit+40)
	total := 0
	for _, x := range xs {
		total += weigh(x)
	}
	assert.Less(t, total, ScenarioLimit+ExchangeLimit*(URLLimit+200))
	notes := l.Notes()
	require.NotEmpty(t, notes)
	last := notes[len(notes)-1]
	assert.Equal(t, "evidence truncated", last.Title)
	assert.Contains(t, last.Text, "not kept")
}
