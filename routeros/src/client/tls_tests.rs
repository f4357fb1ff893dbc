//! TLS (api-ssl) against the fake behind rustls: which certificates each mode accepts.

use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use super::fake::{Fake, silent};
use super::{Command, Connection, RouterError, TlsMode, certificate_fingerprint};

/// A certificate (DER) and its PKCS#8 key (DER).
struct Identity {
    cert: Vec<u8>,
    key: Vec<u8>,
}

fn self_signed() -> Identity {
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    Identity {
        cert: cert.der().to_vec(),
        key: key.serialize_der(),
    }
}

/// A private CA (its certificate) and a router certificate for 127.0.0.1 it signed.
fn ca_signed() -> (Vec<u8>, Identity) {
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    let identity = Identity {
        cert: cert.der().to_vec(),
        key: key.serialize_der(),
    };
    (ca.der().to_vec(), identity)
}

async fn tls_fake(identity: &Identity) -> Fake {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(identity.key.clone()));
    let server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![CertificateDer::from(identity.cert.clone())], key)
        .unwrap();
    Fake::start_on(0, silent, Some(Arc::new(server))).await
}

async fn connect(fake: &Fake, mode: TlsMode) -> Result<Connection, RouterError> {
    Connection::connect(&fake.config().with_tls(mode)).await
}

async fn works(connection: Result<Connection, RouterError>) {
    let connection = connection.unwrap();
    let rows = connection
        .call(Command::new("/system/identity/print"))
        .await
        .unwrap();
    assert_eq!(rows[0]["name"], "fake");
}

fn refused(result: Result<Connection, RouterError>, fake: &Fake) {
    let error = result.unwrap_err();
    assert!(matches!(error, RouterError::Tls(_)), "{error:?}");
    assert!(!error.is_transient());
    assert!(
        fake.received_of("/login").is_empty(),
        "the password must not be sent"
    );
}

#[tokio::test]
async fn a_self_signed_router_is_accepted_only_when_configured() {
    let identity = self_signed();
    let fake = tls_fake(&identity).await;
    let no_ca = TlsMode::Verify {
        ca_certificates: Vec::new(),
    };
    refused(connect(&fake, no_ca).await, &fake);
    let other_ca = TlsMode::Verify {
        ca_certificates: vec![ca_signed().0],
    };
    refused(connect(&fake, other_ca).await, &fake);
    works(connect(&fake, TlsMode::AcceptSelfSigned).await).await;
}

#[tokio::test]
async fn a_pinned_fingerprint_accepts_that_certificate_and_no_other() {
    let identity = self_signed();
    let fake = tls_fake(&identity).await;
    let pin = certificate_fingerprint(&identity.cert).unwrap();
    let mut wrong = pin;
    wrong[0] ^= 0xFF;
    refused(connect(&fake, TlsMode::Pinned(wrong)).await, &fake);
    works(connect(&fake, TlsMode::Pinned(pin)).await).await;
}

#[tokio::test]
async fn a_private_ca_verifies_its_routers_certificates() {
    let (ca, identity) = ca_signed();
    let fake = tls_fake(&identity).await;
    let mode = TlsMode::Verify {
        ca_certificates: vec![ca],
    };
    works(connect(&fake, mode).await).await;
}
