// XMP packets read as RDF, not as text: a small namespace-aware XML parser and the few RDF rules
// that XMP writers use, so a property is found by its namespace URI and name however the packet
// spells it: any prefix, an attribute (ns:Name="v") or an element (<ns:Name>v</ns:Name>), a
// struct as rdf:parseType="Resource", as a nested rdf:Description or as an element carrying its
// fields as attributes, lists as rdf:Seq / rdf:Bag / rdf:Alt. Apple writes elements, Google
// attributes, and tools rewrite one as the other; the depth readers must not care.
//
// Bounded: nesting depth, elements and attributes, and namespace declarations in scope are capped,
// and entity references are looked for nearby only, so a hostile packet costs little.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pxav {

struct XmlAttribute {
  std::string ns, name, value;  // namespace URI (resolved), local name, unescaped value
};

struct XmlElement {
  std::string ns, name;
  std::vector<XmlAttribute> attributes;  // xmlns declarations excluded
  std::vector<XmlElement> children;
  std::string text;  // character data directly inside, unescaped, trimmed
};

inline constexpr std::string_view kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

// The whole packet (leading <?xpacket?>, comments and CDATA allowed). The result is a synthetic
// root whose children are the document's top-level elements. Error Corrupt with where and why.
Result<XmlElement> parse_xml(std::string_view text);

// The top-level rdf:Description nodes of a packet (x:xmpmeta / rdf:RDF / rdf:Description): a
// packet may spread its properties over several.
std::vector<const XmlElement*> xmp_descriptions(const XmlElement& root);

// A simple property of a resource node: attribute or element text.
std::optional<std::string> xmp_value(const XmlElement& resource, std::string_view ns, std::string_view name);
// The same, looked up in every description of a packet.
std::optional<std::string> xmp_value(const std::vector<const XmlElement*>& descriptions, std::string_view ns,
                                     std::string_view name);

// Whether the property is there (without copying its value, which may be a whole image).
bool xmp_has(const XmlElement& resource, std::string_view ns, std::string_view name);

// A struct-valued property: the node whose attributes and children are the struct's fields.
const XmlElement* xmp_struct(const XmlElement& resource, std::string_view ns, std::string_view name);

// The items of a list-valued property (rdf:Seq, rdf:Bag, rdf:Alt): each item's resource node
// (for lists of structs) in order. Empty when the property is absent.
std::vector<const XmlElement*> xmp_items(const XmlElement& resource, std::string_view ns, std::string_view name);
// The text of each item (for lists of numbers or names).
std::vector<std::string> xmp_item_values(const XmlElement& resource, std::string_view ns, std::string_view name);

// Whether any element or attribute in the tree belongs to this namespace.
bool uses_namespace(const XmlElement& root, std::string_view ns);

// A finite number in XMP's decimal notation (leading/trailing spaces allowed; no hex, inf or
// nan). Neither build sets a locale, so the decimal point is '.'.
std::optional<double> xmp_number(const std::optional<std::string>& text);

}  // namespace pxav
