package barcodes

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/steps/scenario"
)

// decoyMerchants are the merchant ids the decoy pays: the first a
// scenario's merchants are given (newMerchant), so that the decoy's collide
// with the scenario's whatever its steps.
var decoyMerchants = []string{"M0001", "M0002"}

// decoyAcquirer opens a decoy session beside the scenario's
// (scenario.Decoy) with the same acquirer fixtures, has the acquirer issue
// a code for each of decoyMerchants under the marker's name and delivers a
// payment on each from a wallet named with the marker, as the clearing
// switch would: an acquirer that keeps its ledger by merchant id across
// sessions lists those payments in the scenario's own session. It returns
// what waits for the decoy; the Given step that connects the acquirer
// defers it.
func decoyAcquirer(ctx context.Context) (wait func()) {
	w := scenario.From(ctx)
	return w.Decoy(ctx, w.Fixtures, func(ctx context.Context, d *scenario.Decoy) error {
		info, err := d.Session.AcquirerInfo(ctx)
		if err != nil {
			return err
		}
		for _, id := range decoyMerchants {
			code, err := d.Session.IssueCode(ctx, iti.CodeRequest{Merchant: iti.CodeMerchant{ID: id, Name: d.Marker, City: "Beijing", Category: "5814"}, Kind: iti.CodeStatic})
			if err != nil {
				return err
			}
			if err := deliver(ctx, d.HTTP, info.PaymentsURL, iti.ClearingDelivery{SwitchRef: "sw-" + d.Marker + "-" + id, PayerWallet: "wallet-" + d.Marker,
				PayerTier: iti.TierTop, GUI: iutAcquirerGUI, Payload: code.Payload, Amount: "0.07", Currency: cny}); err != nil {
				return err
			}
		}
		return nil
	})
}

// deliver posts a payment to an acquirer's payments endpoint as the
// clearing switch does, and reads the answer's status only.
func deliver(ctx context.Context, hc *http.Client, url string, d iti.ClearingDelivery) error {
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the acquirer answered the decoy's payment %d", resp.StatusCode)
	}
	return nil
}
