// Text from input (tariff/detail/text.hpp): the one UTF-8 check, the control-character rule,
// and the one way input is quoted in messages: escaped byte by byte, bounded, cut with "…".
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <tariff/detail/text.hpp>

namespace {

using tariff::parse_result;
using tariff::parse_status;
using tariff::detail::check_text;
using tariff::detail::quote_for_message;
using tariff::detail::utf8_length;

const std::string ellipsis = "\xE2\x80\xA6";

}  // namespace

TEST_CASE("utf8_length: well-formed sequences only (RFC 3629)") {
    CHECK(utf8_length("a", 0) == 1);
    CHECK(utf8_length("\xC3\xA9", 0) == 2);
    CHECK(utf8_length("\xE2\x82\xAC", 0) == 3);
    CHECK(utf8_length("\xF0\x9F\x98\x80", 0) == 4);
    CHECK(utf8_length("\xF4\x8F\xBF\xBF", 0) == 4);  // U+10FFFF
    CHECK(utf8_length("\x80", 0) == 0);              // a continuation byte alone
    CHECK(utf8_length("\xC0\xAF", 0) == 0);          // overlong '/'
    CHECK(utf8_length("\xE0\x80\xAF", 0) == 0);      // overlong
    CHECK(utf8_length("\xED\xA0\x80", 0) == 0);      // a surrogate
    CHECK(utf8_length("\xF4\x90\x80\x80", 0) == 0);  // above U+10FFFF
    CHECK(utf8_length("\xE2\x82", 0) == 0);          // cut short
    CHECK(utf8_length("\xFF", 0) == 0);
}

TEST_CASE("check_text: UTF-8 without C0, DEL or C1 controls, and where it fails") {
    CHECK(check_text(""));
    CHECK(check_text("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xC2\xA0"));
    struct bad {
        std::string_view text;
        parse_status status;
        std::size_t position;
    };
    for (const bad& b : {
             bad{"a\tb", parse_status::control_character, 1},
             bad{std::string_view("ab\0", 3), parse_status::control_character, 2},
             bad{"\x1b[2J", parse_status::control_character, 0},
             bad{"x\x7f", parse_status::control_character, 1},
             bad{"xy\xC2\x85", parse_status::control_character, 2},  // U+0085 NEXT LINE
             bad{"\xC2\x80", parse_status::control_character, 0},
             bad{"\xC2\x9F", parse_status::control_character, 0},
             bad{"ok\xFF", parse_status::not_utf8, 2},
             bad{"\xED\xA0\x80", parse_status::not_utf8, 0},
         }) {
        CAPTURE(b.text);
        const parse_result r = check_text(b.text);
        CHECK(r.status == b.status);
        CHECK(r.position == b.position);
    }
}

TEST_CASE("quote_for_message escapes every byte it must the same way") {
    CHECK(quote_for_message("abc") == "\"abc\"");
    CHECK(quote_for_message("") == "\"\"");
    CHECK(quote_for_message("a\"b\\c") == "\"a\\x22b\\x5cc\"");
    CHECK(quote_for_message(std::string("\x01\n\x1b\x7f", 4)) == "\"\\x01\\x0a\\x1b\\x7f\"");
    // C1 controls and bytes that are not UTF-8, as \xNN too (issue 16: they were echoed raw).
    CHECK(quote_for_message("a\xC2\x85"
                            "b") == "\"a\\xc2\\x85b\"");
    CHECK(quote_for_message("caf\xC3") == "\"caf\\xc3\"");
    CHECK(quote_for_message("\xED\xA0\x80") == "\"\\xed\\xa0\\x80\"");
    // Printable UTF-8 is shown as it is.
    CHECK(quote_for_message("caf\xC3\xA9 \xE2\x82\xAC") == "\"caf\xC3\xA9 \xE2\x82\xAC\"");
}

TEST_CASE("quote_for_message shows a bounded prefix, cut with an ellipsis") {
    const std::string exact(64, 'x');
    CHECK(quote_for_message(exact) == "\"" + exact + "\"");
    CHECK(quote_for_message(exact + "y") == "\"" + exact + "\"" + ellipsis);
    // 20 MB of input: 64 bytes shown.
    CHECK(quote_for_message(std::string(20000000, 'z')) ==
          "\"" + std::string(64, 'z') + "\"" + ellipsis);
    // The cut never splits a character: a euro sign across byte 64 is left out whole.
    CHECK(quote_for_message(std::string(63, 'x') + "\xE2\x82\xAC") ==
          "\"" + std::string(63, 'x') + "\"" + ellipsis);
    // The bound counts input bytes; escapes may make the shown text longer.
    CHECK(quote_for_message(std::string(100, '\x01')).size() == 2 + 64 * 4 + ellipsis.size());
    CHECK(tariff::detail::echo_for_message(std::string(65, '7')) ==
          std::string(64, '7') + ellipsis);
    CHECK(tariff::detail::echo_for_message("-0.40") == "-0.40");
}
