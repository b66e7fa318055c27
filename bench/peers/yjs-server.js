#!/usr/bin/env node
// The y-websocket 1.x server (its bin/utils.js setupWSConnection: one Y.Doc per room,
// y-protocols sync and awareness), on a chosen or free port, with no persistence
// (YPERSISTENCE unset), as `npx y-websocket` runs it. Rooms by URL path.
//
//   node yjs-server.js [PORT] -> prints "listening on HOST:PORT"
const http = require('http')
const { WebSocketServer } = require('ws')
const { setupWSConnection } = require('y-websocket/bin/utils')

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('okay')
})
const wss = new WebSocketServer({ noServer: true })
wss.on('connection', setupWSConnection)
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
})
server.listen(Number(process.argv[2] || 0), '127.0.0.1', 4096, () => {
  const a = server.address()
  console.log(`listening on ${a.address}:${a.port}`)
})
