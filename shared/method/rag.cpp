#include "method/rag.h"

namespace pss::method {

std::string_view rag_name(Rag rag) {
  switch (rag) {
    case Rag::green: return "green";
    case Rag::amber: return "amber";
    case Rag::red: return "red";
    default: return "none";
  }
}

std::uint32_t rag_color(Rag rag) {
  switch (rag) {
    case Rag::green: return 0x2E9E44;
    case Rag::amber: return 0xE8A317;
    case Rag::red: return 0xD0312D;
    default: return 0x9A9A9A;
  }
}

}  // namespace pss::method
