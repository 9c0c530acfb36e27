#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* The readers' module imports Foundation too, which carries its own ICU (_FoundationICU);
 * libxml2's encoding.h would include the system's ICU headers beside it when libxml2 was built
 * with ICU, and the two define the same C enums differently. We never touch libxml2's ICU
 * converters (xmlCharEncodingHandler's uconv fields, at the end of a struct we only pass by
 * pointer), so its ICU part is left out of this module. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

/* libxml2 exposes xmlFree as a global *variable* holding a function pointer
 * (XMLPUBVAR xmlFreeFunc xmlFree). Swift imports it as a mutable global
 * `var xmlFree: xmlFreeFunc!`, which Swift 6 strict concurrency rejects
 * ("reference to var 'xmlFree' is not concurrency-safe"). Wrap it in C. */
static inline void cxml_free(void *p) { if (p) xmlFree(p); }

/* LIBXML_DOTTED_VERSION is a string macro; expose the runtime version too. */
static inline const char *cxml_compiled_version(void) { return LIBXML_DOTTED_VERSION; }

#endif
