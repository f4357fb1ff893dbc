//! The rustls client configuration for each [`TlsMode`], and certificate fingerprints.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
    SupportedCipherSuite,
};

use super::config::TlsMode;
use super::error::RouterError;

/// Builds the client configuration. The ring provider is named explicitly rather than
/// taken from the process default, which is ambiguous (and panics) when another crate in
/// the build enables a second provider.
pub(crate) fn client_config(mode: &TlsMode) -> Result<Arc<ClientConfig>, RouterError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| RouterError::Tls(e.to_string()))?;
    let config = match mode {
        TlsMode::Verify { ca_certificates } => {
            let mut roots = RootCertStore::empty();
            for der in ca_certificates {
                roots
                    .add(CertificateDer::from(der.clone()))
                    .map_err(|e| RouterError::Tls(format!("bad ca certificate: {e}")))?;
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
        TlsMode::AcceptSelfSigned | TlsMode::Pinned(_) => {
            let verifier = LenientVerifier {
                pin: match mode {
                    TlsMode::Pinned(pin) => Some(*pin),
                    _ => None,
                },
                algorithms: provider.signature_verification_algorithms,
            };
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(verifier))
                .with_no_client_auth()
        }
    };
    Ok(Arc::new(config))
}

/// The name rustls checks the certificate against (and sends as SNI); IPs are allowed.
pub(crate) fn server_name(host: &str) -> Result<ServerName<'static>, RouterError> {
    ServerName::try_from(host.to_owned())
        .map_err(|e| RouterError::Tls(format!("invalid server name {host:?}: {e}")))
}

/// Accepts a self-signed or pinned certificate without chain or name checks, but still
/// verifies the handshake signatures, so the peer must hold the certificate's key.
#[derive(Debug)]
struct LenientVerifier {
    pin: Option<[u8; 32]>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for LenientVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(pin) = self.pin else {
            return Ok(ServerCertVerified::assertion());
        };
        let seen = sha256(end_entity);
        if seen == Some(pin) {
            return Ok(ServerCertVerified::assertion());
        }
        // The observed fingerprint is what an operator needs to fix the pin.
        let seen = seen.map(|f| fingerprint_hex(&f)).unwrap_or_default();
        tracing::warn!(fingerprint = %seen, "router certificate does not match the pinned fingerprint");
        Err(rustls::Error::InvalidCertificate(
            CertificateError::ApplicationVerificationFailure,
        ))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// SHA-256 through rustls' own ring provider, so pinning needs no extra hashing crate.
fn sha256(bytes: &[u8]) -> Option<[u8; 32]> {
    let SupportedCipherSuite::Tls13(suite) =
        rustls::crypto::ring::cipher_suite::TLS13_AES_128_GCM_SHA256
    else {
        return None;
    };
    suite
        .common
        .hash_provider
        .hash(bytes)
        .as_ref()
        .try_into()
        .ok()
}

/// The SHA-256 fingerprint of a DER certificate, for configuring [`TlsMode::Pinned`].
pub fn certificate_fingerprint(der: &[u8]) -> Option<[u8; 32]> {
    sha256(der)
}

/// Parses a SHA-256 fingerprint written as 64 hex digits, optionally separated by `:`
/// or spaces, in either case (the form `openssl x509 -fingerprint -sha256` prints).
pub fn parse_fingerprint(text: &str) -> Option<[u8; 32]> {
    let digits: Vec<u8> = text.bytes().filter(|b| !matches!(b, b':' | b' ')).collect();
    if digits.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (slot, pair) in out.iter_mut().zip(digits.chunks(2)) {
        let pair = std::str::from_utf8(pair).ok()?;
        *slot = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(out)
}

/// Upper-case, colon-separated hex, as `openssl` and RouterOS print fingerprints.
pub fn fingerprint_hex(fingerprint: &[u8; 32]) -> String {
    fingerprint
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Whether an I/O error from the TLS stream is rustls refusing the peer (a configuration
/// or certificate problem) rather than the network failing.
pub(crate) fn is_tls_refusal(error: &std::io::Error) -> bool {
    error
        .get_ref()
        .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_standard_test_vector() {
        let digest = sha256(b"abc").unwrap();
        assert_eq!(
            fingerprint_hex(&digest).replace(':', ""),
            "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"
        );
    }

    #[test]
    fn fingerprints_parse_with_or_without_separators_and_round_trip() {
        let digest = sha256(b"abc").unwrap();
        let text = fingerprint_hex(&digest);
        assert_eq!(parse_fingerprint(&text), Some(digest));
        assert_eq!(
            parse_fingerprint(&text.replace(':', "").to_lowercase()),
            Some(digest)
        );
        assert_eq!(parse_fingerprint("AB:CD"), None);
        assert_eq!(parse_fingerprint(&"zz".repeat(32)), None);
        assert_eq!(parse_fingerprint(&"é".repeat(32)), None);
    }
}
