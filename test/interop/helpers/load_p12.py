"""Opens a .p12 with Python's cryptography and prints what it found as JSON (used by the interop tests).

Usage: /usr/bin/python3 load_p12.py PASSWORD_FILE FILE.p12... (one JSON line per file; a file that fails to
load gives {"error": "..."}).
"""
import json
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12


def spki(public_key):
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def load(path, password):
    data = open(path, "rb").read()
    key, cert, additional = pkcs12.load_key_and_certificates(data, password)
    loaded = pkcs12.load_pkcs12(data, password)
    name = loaded.cert.friendly_name if loaded.cert else None
    key_type = None
    if isinstance(key, rsa.RSAPrivateKey):
        key_type = "RSA"
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        key_type = "EC"
    elif key is not None:
        key_type = "other"
    return {
        "keyType": key_type,
        "keySize": key.key_size if key is not None else None,
        "curve": key.curve.name if isinstance(key, ec.EllipticCurvePrivateKey) else None,
        "keyMatchesCert": bool(key and cert and spki(key.public_key()) == spki(cert.public_key())),
        "certSha256": cert.fingerprint(hashes.SHA256()).hex() if cert else None,
        "subject": [[a.oid.dotted_string, a.value] for a in cert.subject] if cert else [],
        "chainCount": len(additional),
        "chainSha256": [c.fingerprint(hashes.SHA256()).hex() for c in additional],
        "friendlyName": name.decode("utf-8") if name else None,
    }


def main():
    password = open(sys.argv[1], "rb").read()
    for path in sys.argv[2:]:
        try:
            print(json.dumps(load(path, password)))
        except ValueError as e:
            print(json.dumps({"error": str(e)}))


main()
