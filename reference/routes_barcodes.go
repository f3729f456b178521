package reference

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/hutong-interop/hutong/contract/iti"
	"github.com/hutong-interop/hutong/reference/acquirer"
	"github.com/hutong-interop/hutong/reference/wallet"
)

// barcodeRoutes serves the acquirer and wallet roles, and the acquirer's
// payments endpoint — not part of the ITI but the real interface the
// clearing switch delivers to, on the reference's own host.
func (s *Server) barcodeRoutes() {
	s.mux.HandleFunc("GET /iti/v1/sessions/{sid}/acquirer", s.withAcquirer(s.acquirerInfo))
	s.mux.HandleFunc("POST /iti/v1/sessions/{sid}/acquirer/codes", s.withAcquirer(withBody(s.created,
		func(r *http.Request, a *acquirer.State, req iti.CodeRequest) (iti.IssuedCode, error) {
			return a.Issue(req, baseURL(r))
		})))
	s.mux.HandleFunc("GET /iti/v1/sessions/{sid}/acquirer/merchants/{mid}/payments", s.withAcquirer(s.merchantPayments))
	s.mux.HandleFunc("POST /acquirer/{sid}/payments", s.withAcquirer(s.receivePayment))
	s.mux.HandleFunc("POST /acquirer/{sid}/payments"+acquirer.ConfirmPath, s.withAcquirer(s.receivePayment))
	s.mux.HandleFunc("POST /iti/v1/sessions/{sid}/wallet/scans", s.withWallet(withBody(http.StatusOK,
		func(r *http.Request, st *wallet.State, req iti.ScanRequest) (iti.ScanResult, error) {
			res, err := st.Scan(r.Context(), req)
			if err == nil && s.showPages {
				res.PageURL = s.scanPageURL(r, scanShown{res, req.Amount})
			}
			return res, err
		})))
	s.mux.HandleFunc("GET /iti/v1/sessions/{sid}/wallet/customers/{cid}/movements", s.withWallet(withoutBody(
		func(r *http.Request, st *wallet.State) (iti.Movements, error) {
			return st.Movements(r.PathValue("cid"))
		})))
}

// openBarcodeRoles sets up the session's acquirer and wallet from the
// fixtures, if given.
func (s *Server) openBarcodeRoles(sess *session, req iti.SessionRequest) error {
	if req.Acquirer != nil {
		sess.acquirer = s.acquirer.NewState(*req.Acquirer)
	}
	if req.Wallet != nil {
		st, err := s.wallet.NewState(*req.Wallet)
		if err != nil {
			return err
		}
		sess.wallet = st
	}
	return nil
}

func (s *Server) acquirerInfo(w http.ResponseWriter, r *http.Request, a *acquirer.State) {
	writeJSON(w, http.StatusOK, iti.AcquirerInfo{PaymentsURL: baseURL(r) + "/acquirer/" + r.PathValue("sid") + "/payments"})
}

func (s *Server) merchantPayments(w http.ResponseWriter, r *http.Request, a *acquirer.State) {
	writeJSON(w, http.StatusOK, iti.ReceivedPayments{Payments: a.Payments(r.PathValue("mid"))})
}

func (s *Server) receivePayment(w http.ResponseWriter, r *http.Request, a *acquirer.State) {
	var d iti.ClearingDelivery
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&d); err != nil {
		writeJSON(w, http.StatusBadRequest, iti.DeliveryAnswer{Status: iti.PaymentRefused, Reason: "not valid JSON: " + err.Error()})
		return
	}
	if a.NeedsConfirmation(d) && !strings.HasSuffix(r.URL.Path, acquirer.ConfirmPath) {
		// 307 keeps the method and the body: the switch delivers the
		// same payment again, to the confirmation address.
		http.Redirect(w, r, r.URL.Path+acquirer.ConfirmPath, http.StatusTemporaryRedirect)
		return
	}
	writeJSON(w, http.StatusOK, a.Receive(d))
}

func (s *Server) withAcquirer(h func(http.ResponseWriter, *http.Request, *acquirer.State)) http.HandlerFunc {
	return withRole(s, "acquirer", func(x *session) *acquirer.State { return x.acquirer }, h)
}

func (s *Server) withWallet(h func(http.ResponseWriter, *http.Request, *wallet.State)) http.HandlerFunc {
	return withRole(s, "wallet", func(x *session) *wallet.State { return x.wallet }, h)
}
