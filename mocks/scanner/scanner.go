// Package scanner is a mock wallet that scans a code's payload and pays
// it through the clearing switch, as a top or tail payment institution's
// app would. It reads only the code's structure, to find the amount and
// currency: judging whether an acquirer's code is well formed is the
// harness's job, in its own requirement.
package scanner

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/hutong-interop/hutong/barcode/emv"
	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/mocks/clearing"
)

// Scanner is the mock wallet app of another payment institution.
type Scanner struct {
	ID          string
	ClearingURL string
	Client      *http.Client

	mu sync.Mutex
	n  int
}

// Pay pays payload through the switch. amount is what the customer typed
// for a static code; for a dynamic code the code's own amount is paid.
func (w *Scanner) Pay(ctx context.Context, payload, amount string) (iti.ClearingResult, error) {
	p, err := emv.Parse(payload)
	if err != nil {
		return iti.ClearingResult{}, fmt.Errorf("wallet %s cannot read the code: %v", w.ID, err)
	}
	currency := "156"
	if o, ok := p.Get("53"); ok {
		currency = o.Value
	}
	if o, ok := p.Get("01"); ok && o.Value == "12" {
		if a, ok := p.Get("54"); ok {
			amount = a.Value
		}
	}
	w.mu.Lock()
	w.n++
	ref := fmt.Sprintf("%s-%d", w.ID, w.n)
	w.mu.Unlock()
	body, _ := json.Marshal(iti.ClearingPayment{PayerWallet: w.ID, PayerRef: ref, Payload: payload, Amount: amount, Currency: currency})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.ClearingURL+clearing.PaymentsPath, bytes.NewReader(body))
	if err != nil {
		return iti.ClearingResult{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := w.Client.Do(req)
	if err != nil {
		return iti.ClearingResult{}, fmt.Errorf("wallet %s cannot reach the clearing switch: %v", w.ID, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var res iti.ClearingResult
	if err := json.Unmarshal(data, &res); err != nil {
		return res, fmt.Errorf("wallet %s: the switch answered %d with %q", w.ID, resp.StatusCode, data)
	}
	return res, nil
}
