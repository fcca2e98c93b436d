#include "input/xmp/xmp_tree.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <tuple>
#include <utility>

namespace pxav {
namespace {

constexpr int kMaxDepth = 64;
constexpr int kMaxNodes = 200000;             // elements and attributes together
constexpr int kMaxDeclarationsInScope = 256;  // xmlns declarations: every name is resolved against them

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Character data with XML's five entities and numeric references replaced.
std::string unescape(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    // An entity is short: look for its ';' nearby only, so a run of '&' costs no more than its length.
    const size_t semi = s.substr(i, 13).find(';');
    if (semi == std::string_view::npos) {
      out += s[i];
      continue;
    }
    const std::string_view ent = s.substr(i + 1, semi - 1);
    if (ent == "amp")
      out += '&';
    else if (ent == "lt")
      out += '<';
    else if (ent == "gt")
      out += '>';
    else if (ent == "quot")
      out += '"';
    else if (ent == "apos")
      out += '\'';
    else if (!ent.empty() && ent[0] == '#') {
      const std::string digits(ent.substr(1));
      const bool hex = !digits.empty() && (digits[0] == 'x' || digits[0] == 'X');
      append_utf8(out, std::strtoul(digits.c_str() + (hex ? 1 : 0), nullptr, hex ? 16 : 10));
    } else {
      out.append(s.substr(i, semi + 1));
    }
    i += semi;
  }
  return out;
}

struct Parser {
  std::string_view s;
  size_t i = 0;
  int nodes = 0;
  // In-scope namespace declarations, innermost last: (prefix, uri); "" is the default namespace.
  std::vector<std::pair<std::string, std::string>> scope;

  Error fail(const std::string& why) const {
    return make_error(ErrorCode::Corrupt,
                      "the XMP packet is not well-formed XML (" + why + " at byte " + std::to_string(i) + ")");
  }
  bool starts(std::string_view t) const { return s.substr(i, t.size()) == t; }
  void skip_space() {
    while (i < s.size() && is_space(s[i])) ++i;
  }
  // Skips a comment, processing instruction, CDATA-less declaration; false if none is here.
  Result<bool> skip_misc() {
    const auto skip_to = [&](std::string_view end, const char* what) -> Result<bool> {
      const size_t at = s.find(end, i);
      if (at == std::string_view::npos) return fail(std::string("unterminated ") + what);
      i = at + end.size();
      return true;
    };
    if (starts("<!--")) return skip_to("-->", "comment");
    if (starts("<?")) return skip_to("?>", "processing instruction");
    if (starts("<!")) return skip_to(">", "declaration");
    return false;
  }
  std::string_view name() {
    const size_t b = i;
    while (i < s.size() && !is_space(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/' && s[i] != '<') ++i;
    return s.substr(b, i - b);
  }
  std::optional<std::string> resolve(std::string_view prefix) const {
    for (auto it = scope.rbegin(); it != scope.rend(); ++it)
      if (it->first == prefix) return it->second;
    if (prefix == "xml") return std::string("http://www.w3.org/XML/1998/namespace");
    if (prefix.empty()) return std::string();
    return std::nullopt;
  }
  // Splits a qualified name into (namespace URI, local name). An undeclared prefix keeps the
  // qualified name with no namespace: lookups by URI then miss it, as they should.
  std::pair<std::string, std::string> qualify(std::string_view qname, bool attribute) const {
    const size_t colon = qname.find(':');
    if (colon == std::string_view::npos) {
      if (attribute) return {"", std::string(qname)};
      return {resolve("").value_or(""), std::string(qname)};
    }
    auto uri = resolve(qname.substr(0, colon));
    if (!uri) return {"", std::string(qname)};
    return {*uri, std::string(qname.substr(colon + 1))};
  }

  Status element(XmlElement& out, int depth) {
    if (depth > kMaxDepth) return fail("nesting deeper than " + std::to_string(kMaxDepth));
    if (++nodes > kMaxNodes) return fail("more than " + std::to_string(kMaxNodes) + " elements and attributes");
    ++i;  // '<'
    const std::string_view qname = name();
    if (qname.empty()) return fail("an element without a name");
    const size_t scope_size = scope.size();
    std::vector<std::pair<std::string_view, std::string>> raw;  // attributes before prefixes resolve
    bool empty = false;
    for (;;) {
      skip_space();
      if (i >= s.size()) return fail("end of packet inside a tag");
      if (starts("/>")) {
        i += 2;
        empty = true;
        break;
      }
      if (s[i] == '>') {
        ++i;
        break;
      }
      const std::string_view attr = name();
      if (attr.empty()) return fail("a malformed attribute");
      if (++nodes > kMaxNodes) return fail("more than " + std::to_string(kMaxNodes) + " elements and attributes");
      skip_space();
      if (i >= s.size() || s[i] != '=') return fail("an attribute without a value");
      ++i;
      skip_space();
      if (i >= s.size() || (s[i] != '"' && s[i] != '\'')) return fail("an unquoted attribute value");
      const char quote = s[i++];
      const size_t end = s.find(quote, i);
      if (end == std::string_view::npos) return fail("an unterminated attribute value");
      std::string value = unescape(s.substr(i, end - i));
      i = end + 1;
      if ((attr == "xmlns" || attr.substr(0, 6) == "xmlns:") && scope.size() >= kMaxDeclarationsInScope)
        return fail("more than " + std::to_string(kMaxDeclarationsInScope) + " namespace declarations in scope");
      if (attr == "xmlns")
        scope.emplace_back("", std::move(value));
      else if (attr.substr(0, 6) == "xmlns:")
        scope.emplace_back(std::string(attr.substr(6)), std::move(value));
      else
        raw.emplace_back(attr, std::move(value));
    }
    std::tie(out.ns, out.name) = qualify(qname, false);
    for (auto& [attr, value] : raw) {
      auto [ns, local] = qualify(attr, true);
      out.attributes.push_back({std::move(ns), std::move(local), std::move(value)});
    }
    if (!empty) {
      std::string text;
      for (;;) {
        if (i >= s.size()) return fail("end of packet inside <" + std::string(qname) + ">");
        if (starts("</")) {
          i += 2;
          const std::string_view closing = name();
          if (closing != qname) return fail("</" + std::string(closing) + "> closes <" + std::string(qname) + ">");
          skip_space();
          if (i >= s.size() || s[i] != '>') return fail("a malformed closing tag");
          ++i;
          break;
        }
        if (starts("<![CDATA[")) {
          const size_t end = s.find("]]>", i);
          if (end == std::string_view::npos) return fail("an unterminated CDATA section");
          text.append(s.substr(i + 9, end - i - 9));
          i = end + 3;
          continue;
        }
        auto misc = skip_misc();
        if (!misc) return misc.error();
        if (*misc) continue;
        if (s[i] == '<') {
          out.children.emplace_back();
          if (auto st = element(out.children.back(), depth + 1); !st) return st;
          continue;
        }
        const size_t next = s.find('<', i);
        const size_t end = next == std::string_view::npos ? s.size() : next;
        text += unescape(s.substr(i, end - i));
        i = end;
      }
      out.text = std::string(trim(text));
    }
    scope.resize(scope_size);
    return Done{};
  }
};

bool is_rdf(const XmlElement& e, std::string_view name) { return e.ns == kRdfNs && e.name == name; }

const XmlAttribute* attribute(const XmlElement& e, std::string_view ns, std::string_view name) {
  for (const XmlAttribute& a : e.attributes)
    if (a.ns == ns && a.name == name) return &a;
  return nullptr;
}

const XmlElement* child(const XmlElement& e, std::string_view ns, std::string_view name) {
  for (const XmlElement& c : e.children)
    if (c.ns == ns && c.name == name) return &c;
  return nullptr;
}

// The node holding a struct's fields, for a property element or a list item.
const XmlElement* resource_of(const XmlElement& e) {
  if (const XmlAttribute* t = attribute(e, kRdfNs, "parseType"); t && t->value == "Resource") return &e;
  // A nested rdf:Description holds the fields; otherwise the element itself does (its attributes
  // and child elements).
  for (const XmlElement& c : e.children)
    if (is_rdf(c, "Description")) return &c;
  return &e;
}

void collect_descriptions(const XmlElement& e, std::vector<const XmlElement*>& out, int depth) {
  if (depth > 4) return;  // x:xmpmeta / rdf:RDF / rdf:Description: near the top
  for (const XmlElement& c : e.children) {
    if (is_rdf(c, "Description"))
      out.push_back(&c);
    else
      collect_descriptions(c, out, depth + 1);
  }
}

}  // namespace

Result<XmlElement> parse_xml(std::string_view text) {
  Parser p;
  p.s = text;
  XmlElement root;
  for (;;) {
    p.skip_space();
    if (p.i >= text.size()) break;
    auto misc = p.skip_misc();
    if (!misc) return misc.error();
    if (*misc) continue;
    if (text[p.i] != '<') {  // padding or stray bytes between packets: skip to the next tag
      const size_t next = text.find('<', p.i);
      if (next == std::string_view::npos) break;
      p.i = next;
      continue;
    }
    root.children.emplace_back();
    if (auto s = p.element(root.children.back(), 0); !s) return s.error();
  }
  if (root.children.empty()) return make_error(ErrorCode::Corrupt, "the XMP packet holds no XML element");
  return root;
}

std::vector<const XmlElement*> xmp_descriptions(const XmlElement& root) {
  std::vector<const XmlElement*> out;
  collect_descriptions(root, out, 0);
  return out;
}

std::optional<std::string> xmp_value(const XmlElement& resource, std::string_view ns, std::string_view name) {
  if (const XmlAttribute* a = attribute(resource, ns, name)) return a->value;
  if (const XmlElement* c = child(resource, ns, name)) {
    if (const XmlAttribute* r = attribute(*c, kRdfNs, "resource")) return r->value;
    return c->text;
  }
  return std::nullopt;
}

std::optional<std::string> xmp_value(const std::vector<const XmlElement*>& descriptions, std::string_view ns,
                                     std::string_view name) {
  for (const XmlElement* d : descriptions)
    if (auto v = xmp_value(*d, ns, name)) return v;
  return std::nullopt;
}

bool xmp_has(const XmlElement& resource, std::string_view ns, std::string_view name) {
  return attribute(resource, ns, name) || child(resource, ns, name);
}

const XmlElement* xmp_struct(const XmlElement& resource, std::string_view ns, std::string_view name) {
  const XmlElement* c = child(resource, ns, name);
  return c ? resource_of(*c) : nullptr;
}

std::vector<const XmlElement*> xmp_items(const XmlElement& resource, std::string_view ns, std::string_view name) {
  std::vector<const XmlElement*> out;
  const XmlElement* property = child(resource, ns, name);
  if (!property) return out;
  for (const XmlElement& list : property->children) {
    if (!is_rdf(list, "Seq") && !is_rdf(list, "Bag") && !is_rdf(list, "Alt")) continue;
    for (const XmlElement& li : list.children) {
      if (!is_rdf(li, "li")) continue;
      // <rdf:li><ns:Struct .../></rdf:li>: the item is the node inside (a typed node).
      const bool own_fields =
          attribute(li, kRdfNs, "parseType") != nullptr ||
          std::any_of(li.attributes.begin(), li.attributes.end(), [](const XmlAttribute& a) { return a.ns != kRdfNs; });
      if (!own_fields && li.children.size() == 1)
        out.push_back(resource_of(li.children[0]));
      else
        out.push_back(&li);
    }
    break;
  }
  return out;
}

std::vector<std::string> xmp_item_values(const XmlElement& resource, std::string_view ns, std::string_view name) {
  std::vector<std::string> out;
  const XmlElement* property = child(resource, ns, name);
  if (!property) return out;
  for (const XmlElement& list : property->children) {
    if (!is_rdf(list, "Seq") && !is_rdf(list, "Bag") && !is_rdf(list, "Alt")) continue;
    for (const XmlElement& li : list.children)
      if (is_rdf(li, "li")) out.push_back(li.text);
    break;
  }
  return out;
}

bool uses_namespace(const XmlElement& root, std::string_view ns) {
  if (root.ns == ns) return true;
  for (const XmlAttribute& a : root.attributes)
    if (a.ns == ns) return true;
  for (const XmlElement& c : root.children)
    if (uses_namespace(c, ns)) return true;
  return false;
}

std::optional<double> xmp_number(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  const std::string t(trim(*text));
  if (t.empty()) return std::nullopt;
  // Decimal only: strtod also takes hex, "inf" and "nan", none of which a depth field may be.
  if (t.find_first_not_of("0123456789+-.eE") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace pxav
