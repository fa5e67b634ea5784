"""The mh1 envelope: round trips, the fixed vector and SECURITY.md §2 items 2 and 4-8."""

from __future__ import annotations

import base64
import json
import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelhub.crypto.envelope import (
    Cipher,
    generate_key_hex,
    key_id,
    parse_hex_key,
)
from modelhub.domain.errors import (
    CryptoFormatError,
    DecryptionError,
    InvalidInputError,
    KeyConfigError,
    ModelHubError,
)

TENANT = "11111111-2222-3333-4444-555555555555"
PROVIDER = "openai"
CONFIG: dict[str, Any] = {"api_key": "sk-secret-value-1234567890", "base_url": None, "n": 3}
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --- round trip and the fixed vector -------------------------------------------------------


def test_round_trip(key_a: bytes) -> None:
    cipher = Cipher(key_a)
    token = cipher.encrypt(CONFIG, TENANT, PROVIDER)
    assert cipher.decrypt(token, TENANT, PROVIDER) == CONFIG


def test_token_shape(key_a: bytes) -> None:
    token = Cipher(key_a).encrypt(CONFIG, TENANT, PROVIDER)
    version, kid, nonce, ciphertext = token.split(".")
    assert version == "mh1"
    assert kid == key_id(key_a) == "630dcd29"
    assert len(unb64(nonce)) == 12
    plaintext = json.dumps(CONFIG, separators=(",", ":")).encode()
    assert len(unb64(ciphertext)) == len(plaintext) + 16
    assert "=" not in token
    assert "sk-secret" not in token


@given(
    config=st.dictionaries(
        st.text(),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(),
            lambda children: st.lists(children) | st.dictionaries(st.text(), children),
            max_leaves=10,
        ),
    ),
    tenant=st.text().filter(lambda s: "\n" not in s),
    provider=st.text().filter(lambda s: "\n" not in s),
)
@FAST
def test_round_trip_property(
    key_a: bytes, config: dict[str, Any], tenant: str, provider: str
) -> None:
    try:
        tenant.encode()
        provider.encode()
        json.dumps(config, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        with pytest.raises(InvalidInputError):
            Cipher(key_a).encrypt(config, tenant, provider)
        return
    cipher = Cipher(key_a)
    assert cipher.decrypt(cipher.encrypt(config, tenant, provider), tenant, provider) == config


def test_fixed_vector_decrypts(mh1_vector: dict[str, Any]) -> None:
    cipher = Cipher(bytes.fromhex(mh1_vector["key_hex"]))
    config = cipher.decrypt(mh1_vector["stored"], mh1_vector["tenant_id"], mh1_vector["provider"])
    assert config == json.loads(mh1_vector["plaintext"])
    assert cipher.current_kid == mh1_vector["kid"] == Cipher.kid_of(mh1_vector["stored"])


def test_fixed_vector_reencrypts_identically(mh1_vector: dict[str, Any]) -> None:
    cipher = Cipher(bytes.fromhex(mh1_vector["key_hex"]))
    token = cipher._encrypt_with_nonce(
        json.loads(mh1_vector["plaintext"]),
        mh1_vector["tenant_id"],
        mh1_vector["provider"],
        bytes.fromhex(mh1_vector["nonce_hex"]),
    )
    assert token == mh1_vector["stored"]


def test_fixed_vector_aad_documents_the_format(mh1_vector: dict[str, Any]) -> None:
    """The vector's AAD field is exactly what SECURITY.md §1 says, and GCM agrees."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kid = mh1_vector["kid"]
    expected = f"mh1\n{kid}\n{mh1_vector['tenant_id']}\n{mh1_vector['provider']}"
    assert mh1_vector["aad"] == expected
    _, _, nonce, ciphertext = mh1_vector["stored"].split(".")
    plaintext = AESGCM(bytes.fromhex(mh1_vector["key_hex"])).decrypt(
        unb64(nonce), unb64(ciphertext), expected.encode()
    )
    assert plaintext.decode() == mh1_vector["plaintext"]


# --- §2.2: strict keys ----------------------------------------------------------------------

GOOD_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "is empty"),
        (GOOD_HEX[:63], "has 63 characters"),
        (GOOD_HEX + "0", "has 65 characters"),
        ("g" + GOOD_HEX[1:], "not hexadecimal"),
        (base64.b64encode(bytes(range(32))).decode(), "has 44 characters and is not hex"),
        (" " + GOOD_HEX[1:], "whitespace"),
        (GOOD_HEX + "\n", "whitespace"),
        (GOOD_HEX[:32], "has 32 characters"),
    ],
    ids=["empty", "63", "65", "non-hex", "base64", "space", "newline", "half"],
)
def test_bad_keys_are_refused_with_generation_hint(text: str, says: str) -> None:
    with pytest.raises(KeyConfigError) as info:
        parse_hex_key(text)
    error = info.value
    assert says in error.message
    assert "ENCRYPTION_KEY" in error.message
    assert error.hint is not None
    assert "openssl rand -hex 32" in error.hint
    assert "secrets.token_hex(32)" in error.hint
    if len(text) >= 8:
        assert text.strip() not in str(error)
        assert text.strip()[:12] not in str(error)


def test_good_keys_parse_in_either_case() -> None:
    assert parse_hex_key(GOOD_HEX) == bytes.fromhex(GOOD_HEX)
    assert parse_hex_key(GOOD_HEX.upper()) == bytes.fromhex(GOOD_HEX)


def test_generated_keys_are_valid_and_distinct() -> None:
    keys = {generate_key_hex() for _ in range(100)}
    assert len(keys) == 100
    for key in keys:
        assert len(parse_hex_key(key)) == 32
        assert key == key.lower()


@pytest.mark.parametrize("length", [0, 16, 31, 33, 64])
def test_raw_keys_must_be_32_bytes(length: int) -> None:
    with pytest.raises(KeyConfigError):
        Cipher(bytes(length))
    with pytest.raises(KeyConfigError):
        key_id(bytes(length))
    with pytest.raises(KeyConfigError):
        Cipher(bytes(32), [bytes(length)])


def test_key_id_is_sha256_prefix() -> None:
    # sha256(32 zero bytes) = 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925
    assert key_id(bytes(32)) == "66687aad"


# --- §2.4: fresh nonces ---------------------------------------------------------------------


def test_ten_thousand_encryptions_use_distinct_nonces(key_a: bytes) -> None:
    cipher = Cipher(key_a)
    tokens = [cipher.encrypt({"api_key": "same"}, TENANT, PROVIDER) for _ in range(10_000)]
    nonces = {token.split(".")[2] for token in tokens}
    assert len(nonces) == 10_000
    assert len(set(tokens)) == 10_000


# --- §2.5: row binding ----------------------------------------------------------------------


@pytest.fixture
def token(key_a: bytes) -> str:
    return Cipher(key_a).encrypt(CONFIG, TENANT, PROVIDER)


def assert_auth_failure(call: Any) -> None:
    with pytest.raises(DecryptionError) as info:
        call()
    assert info.value.message == "cannot decrypt: key mismatch or tampered value"
    assert info.value.hint


def test_other_tenant_fails(key_a: bytes, token: str) -> None:
    assert_auth_failure(lambda: Cipher(key_a).decrypt(token, TENANT[:-1] + "6", PROVIDER))


def test_other_provider_fails(key_a: bytes, token: str) -> None:
    assert_auth_failure(lambda: Cipher(key_a).decrypt(token, TENANT, "anthropic"))


def test_newline_shift_between_ids_is_refused(key_a: bytes) -> None:
    """Ids never contain a newline, so "a\\nb"/"c" cannot collide with "a"/"b\\nc"."""
    cipher = Cipher(key_a)
    with pytest.raises(InvalidInputError):
        cipher.encrypt(CONFIG, "a\nb", "c")
    with pytest.raises(InvalidInputError):
        cipher.encrypt(CONFIG, "a", "b\nc")
    token = cipher.encrypt(CONFIG, "a", "b")
    with pytest.raises(InvalidInputError):
        cipher.decrypt(token, "a\nb", "")


def test_edited_version_fails(key_a: bytes, token: str) -> None:
    with pytest.raises(CryptoFormatError) as info:
        Cipher(key_a).decrypt("mh2" + token[3:], TENANT, PROVIDER)
    assert "version" in info.value.message
    assert "'mh2'" in info.value.message


def test_edited_kid_fails(key_a: bytes, key_b: bytes, token: str) -> None:
    # A kid that no key has: named in the error.
    edited = token.replace(key_id(key_a), "0badc0de", 1)
    with pytest.raises(DecryptionError) as info:
        Cipher(key_a).decrypt(edited, TENANT, PROVIDER)
    assert "0badc0de" in info.value.message
    # A kid of another loaded key: that key is tried and authentication fails.
    edited = token.replace(key_id(key_a), key_id(key_b), 1)
    assert_auth_failure(lambda: Cipher(key_a, [key_b]).decrypt(edited, TENANT, PROVIDER))
    assert_auth_failure(lambda: Cipher(key_b, [key_a]).decrypt(edited, TENANT, PROVIDER))


def test_wrong_key_with_forged_kid_fails(key_a: bytes, key_b: bytes, token: str) -> None:
    forged = token.replace(key_id(key_a), key_id(key_b), 1)
    assert_auth_failure(lambda: Cipher(key_b).decrypt(forged, TENANT, PROVIDER))


# --- §2.6: tamper detection -----------------------------------------------------------------


@given(data=st.data())
@FAST
def test_flipping_any_bit_fails(key_a: bytes, data: st.DataObject) -> None:
    cipher = Cipher(key_a)
    config = data.draw(st.dictionaries(st.text(string.printable, max_size=8), st.integers()))
    token = cipher.encrypt(config, TENANT, PROVIDER)
    version, kid, nonce_text, ciphertext_text = token.split(".")
    raw = unb64(nonce_text) + unb64(ciphertext_text)  # nonce, encrypted bytes and tag
    bit = data.draw(st.integers(0, len(raw) * 8 - 1), label="bit")
    flipped = bytearray(raw)
    flipped[bit // 8] ^= 1 << (bit % 8)
    edited = ".".join((version, kid, b64(bytes(flipped[:12])), b64(bytes(flipped[12:]))))
    assert_auth_failure(lambda: cipher.decrypt(edited, TENANT, PROVIDER))


@given(cut=st.integers(1, 16))
@FAST
def test_truncated_tag_fails(key_a: bytes, cut: int) -> None:
    cipher = Cipher(key_a)
    token = cipher.encrypt({"api_key": "k"}, TENANT, PROVIDER)
    version, kid, nonce, ciphertext = token.split(".")
    edited = ".".join((version, kid, nonce, b64(unb64(ciphertext)[:-cut])))
    # Either too short to hold a tag (format) or the tag no longer authenticates.
    with pytest.raises((DecryptionError, CryptoFormatError)):
        cipher.decrypt(edited, TENANT, PROVIDER)


def test_ciphertext_shorter_than_tag_is_a_format_error(key_a: bytes) -> None:
    token = f"mh1.{key_id(key_a)}.{b64(bytes(12))}.{b64(bytes(15))}"
    with pytest.raises(CryptoFormatError, match="shorter than the 16-byte tag"):
        Cipher(key_a).decrypt(token, TENANT, PROVIDER)


def test_plaintext_that_is_not_a_json_object_is_refused(key_a: bytes) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kid = key_id(key_a)
    aad = f"mh1\n{kid}\n{TENANT}\n{PROVIDER}".encode()
    for plaintext in (b"[1,2]", b'"sk-plain"', b"not json sk-secret", b"\xff\xfe"):
        nonce = bytes(12)
        ciphertext = AESGCM(key_a).encrypt(nonce, plaintext, aad)
        with pytest.raises(DecryptionError) as info:
            Cipher(key_a).decrypt(f"mh1.{kid}.{b64(nonce)}.{b64(ciphertext)}", TENANT, PROVIDER)
        assert "not a JSON object" in info.value.message
        assert info.value.__cause__ is None
        assert info.value.__context__ is None or info.value.__suppress_context__


# --- §2.8: parser fuzzing -------------------------------------------------------------------

KID = "630dcd29"
NONCE = b64(bytes(12))
CT = b64(bytes(32))


@pytest.mark.parametrize(
    "token",
    [
        "",
        "mh1",
        "mh1.",
        f"mh1.{KID}.{NONCE}",
        f"mh1.{KID}.{NONCE}.{CT}.",
        f"mh1.{KID}.{NONCE}.{CT}.extra",
        f"mh2.{KID}.{NONCE}.{CT}",
        f"MH1.{KID}.{NONCE}.{CT}",
        f"v1.{KID}.{NONCE}.{CT}",
        f"mh1.{KID.upper()}.{NONCE}.{CT}",
        f"mh1.{KID[:7]}.{NONCE}.{CT}",
        f"mh1.{KID}0.{NONCE}.{CT}",
        f"mh1..{NONCE}.{CT}",
        f"mh1.{KID}.{b64(bytes(11))}.{CT}",
        f"mh1.{KID}.{b64(bytes(13))}.{CT}",
        f"mh1.{KID}..{CT}",
        f"mh1.{KID}.{NONCE}.",
        f"mh1.{KID}.{NONCE}.{b64(bytes(15))}",
        f"mh1.{KID}.{NONCE}=.{CT}",
        f"mh1.{KID}.{NONCE}.{CT}==",
        f"mh1.{KID}.{NONCE}.{b64(bytes(17))}=",
        f"mh1.{KID}.{base64.b64encode(bytes([251] * 12)).decode()}.{CT}",
        f"mh1.{KID}.{NONCE}.{CT[:-1]}+",
        f"mh1.{KID}.{NONCE}.{CT[:-1]}/",
        f"mh1.{KID}.{NONCE} .{CT}",
        f"mh1.{KID}.{NONCE}.{CT}\n",
        f"mh1.{KID}.{NONCE}.{CT[:-1]}B",  # non-canonical trailing bits
        f"mh1.{KID}.{NONCE}.AA{CT}",  # 4n+1 characters
        f"mh1.{KID}.{NONCE}.{CT[:-1]}é",
        f"mh1.{KID}.{NONCE}.{CT[:-1]}\u0661",  # an Arabic-Indic digit
        "sk-proj-0123456789abcdef",
    ],
)
def test_malformed_tokens_raise_only_format_errors(key_a: bytes, token: str) -> None:
    with pytest.raises(CryptoFormatError) as info:
        Cipher(key_a).decrypt(token, TENANT, PROVIDER)
    assert type(info.value) is CryptoFormatError
    with pytest.raises(CryptoFormatError):
        Cipher.kid_of(token)
    with pytest.raises(CryptoFormatError):
        Cipher(key_a).needs_rotation(token)


def test_format_errors_never_echo_the_value(key_a: bytes) -> None:
    secret = "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for token in (secret, f"{secret}.a.b.c", f"mh1.{secret}.x.y", f"mh1.{KID}.{secret}.{CT}"):
        with pytest.raises(CryptoFormatError) as info:
            Cipher(key_a).decrypt(token, TENANT, PROVIDER)
        assert secret[:12] not in str(info.value)
        assert secret[:12] not in repr(info.value)


def test_non_string_token_is_a_format_error(key_a: bytes) -> None:
    for value in (None, b"mh1.x.y.z", 42):
        with pytest.raises(CryptoFormatError):
            Cipher(key_a).decrypt(value, TENANT, PROVIDER)  # type: ignore[arg-type]


@given(text=st.text())
@FAST
def test_fuzz_arbitrary_strings(key_a: bytes, text: str) -> None:
    with pytest.raises(ModelHubError) as info:
        Cipher(key_a).decrypt(text, TENANT, PROVIDER)
    assert type(info.value) in {CryptoFormatError, DecryptionError}


B64_ALPHABET = string.ascii_letters + string.digits + "-_"
segment = st.text(alphabet=B64_ALPHABET + "=+/. \n\x00é", max_size=40)


@st.composite
def malformed_tokens(draw: st.DrawFn) -> str:
    """Tokens that break exactly one structural rule of the format."""
    kid = draw(st.text(alphabet="0123456789abcdef", min_size=8, max_size=8))
    nonce = b64(draw(st.binary(min_size=12, max_size=12)))
    ciphertext = b64(draw(st.binary(min_size=16, max_size=64)))
    parts = ["mh1", kid, nonce, ciphertext]
    rule = draw(
        st.sampled_from(
            ["count", "version", "kid", "nonce_len", "short_ct", "padding", "alphabet", "garble"]
        )
    )
    if rule == "count":
        n = draw(st.integers(0, 8).filter(lambda n: n != 4))
        return ".".join((parts + [draw(segment) for _ in range(8)])[:n]) if n else ""
    if rule == "version":
        parts[0] = draw(st.text(max_size=6).filter(lambda v: v != "mh1" and "." not in v))
    elif rule == "kid":
        parts[1] = draw(
            st.text(max_size=10).filter(
                lambda k: "." not in k and not (len(k) == 8 and set(k) <= set("0123456789abcdef"))
            )
        )
    elif rule == "nonce_len":
        parts[2] = b64(draw(st.binary(max_size=30).filter(lambda b: len(b) != 12)))
    elif rule == "short_ct":
        parts[3] = b64(draw(st.binary(max_size=15)))
    elif rule == "padding":
        index = draw(st.sampled_from([2, 3]))
        parts[index] += draw(st.sampled_from(["=", "==", "==="]))
    elif rule == "alphabet":
        index = draw(st.sampled_from([2, 3]))
        position = draw(st.integers(0, len(parts[index]) - 1))
        bad = draw(st.sampled_from(["+", "/", " ", "\n", "=", "é", "\x00", "*"]))
        parts[index] = parts[index][:position] + bad + parts[index][position + 1 :]
    else:  # garble: drop one character from nonce (changes its decoded length or validity)
        parts[2] = parts[2][:-1]
    return ".".join(parts)


@given(token=malformed_tokens())
@FAST
def test_fuzz_structured_malformed_tokens(key_a: bytes, token: str) -> None:
    with pytest.raises(ModelHubError) as info:
        Cipher(key_a).decrypt(token, TENANT, PROVIDER)
    assert type(info.value) is CryptoFormatError
    with pytest.raises(ModelHubError) as info:
        Cipher.kid_of(token)
    assert type(info.value) is CryptoFormatError


@given(
    nonce=st.binary(min_size=12, max_size=12),
    ciphertext=st.binary(min_size=16, max_size=80),
    known_kid=st.booleans(),
)
@FAST
def test_fuzz_well_formed_but_wrong(
    key_a: bytes, nonce: bytes, ciphertext: bytes, known_kid: bool
) -> None:
    kid = key_id(key_a) if known_kid else "deadbeef"
    token = f"mh1.{kid}.{b64(nonce)}.{b64(ciphertext)}"
    assert Cipher.kid_of(token) == kid
    with pytest.raises(ModelHubError) as info:
        Cipher(key_a).decrypt(token, TENANT, PROVIDER)
    assert type(info.value) is DecryptionError


# --- rotation -------------------------------------------------------------------------------


def test_previous_keys_decrypt_by_kid(key_a: bytes, key_b: bytes) -> None:
    old = Cipher(key_a)
    token = old.encrypt(CONFIG, TENANT, PROVIDER)
    new = Cipher(key_b, [key_a])
    assert new.current_kid == key_id(key_b)
    assert new.kids == (key_id(key_b), key_id(key_a))
    assert new.decrypt(token, TENANT, PROVIDER) == CONFIG
    assert new.needs_rotation(token)
    assert not old.needs_rotation(token)
    rotated = new.encrypt(new.decrypt(token, TENANT, PROVIDER), TENANT, PROVIDER)
    assert Cipher.kid_of(rotated) == key_id(key_b)
    assert not new.needs_rotation(rotated)
    # The old cipher alone cannot read the rotated value, and names the kid it lacks.
    with pytest.raises(DecryptionError, match=key_id(key_b)):
        old.decrypt(rotated, TENANT, PROVIDER)


def test_duplicate_keys_are_collapsed(key_a: bytes, key_b: bytes) -> None:
    cipher = Cipher(key_a, [key_b, key_a, key_b])
    assert cipher.kids == (key_id(key_a), key_id(key_b))


def test_encrypt_refuses_non_json_configs(key_a: bytes) -> None:
    cipher = Cipher(key_a)
    for bad in ({"api_key": object()}, {"x": float("nan")}, ["a", "list"], "sk-string"):
        with pytest.raises(InvalidInputError) as info:
            cipher.encrypt(bad, TENANT, PROVIDER)  # type: ignore[arg-type]
        assert info.value.__cause__ is None


# --- no secrets in repr/str -----------------------------------------------------------------


def substrings(text: str, size: int = 12) -> set[str]:
    return {text[i : i + size] for i in range(len(text) - size + 1)}


def test_cipher_repr_shows_kids_only(key_a: bytes, key_b: bytes) -> None:
    cipher = Cipher(key_a, [key_b])
    shown = repr(cipher) + str(cipher)
    assert key_id(key_a) in shown
    assert key_id(key_b) in shown
    for key in (key_a, key_b):
        for part in substrings(key.hex()) | substrings(key.hex().upper()):
            assert part not in shown
        assert repr(key)[2:14] not in shown


def test_errors_never_contain_key_or_plaintext(key_a: bytes, key_b: bytes) -> None:
    token = Cipher(key_a).encrypt(CONFIG, TENANT, PROVIDER)
    errors: list[BaseException] = []
    for call in (
        lambda: Cipher(key_b).decrypt(token, TENANT, PROVIDER),
        lambda: Cipher(key_b, [key_a]).decrypt(token, TENANT, "other"),
        lambda: parse_hex_key(key_a.hex()[:-1]),
        lambda: parse_hex_key(key_a.hex() + "x"),
        lambda: parse_hex_key("z" + key_a.hex()[1:]),
    ):
        with pytest.raises(ModelHubError) as info:
            call()
        errors.append(info.value)
    for error in errors:
        shown = f"{error!s} {error!r} {error.message} {error.hint}"
        for key in (key_a, key_b):
            for part in substrings(key.hex()):
                assert part not in shown
        assert "sk-secret" not in shown
