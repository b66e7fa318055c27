// Short names for the Boost.Asio / Beast namespaces used across server/.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "transport/flex_stream.h"

namespace pss::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using Strand = net::strand<net::io_context::executor_type>;
using transport::FlexStream;  // plain TCP or TLS, decided per connection

}  // namespace pss::server
