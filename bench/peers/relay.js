#!/usr/bin/env node
// A minimal broadcast relay on npm `ws`: the shape of Excalidraw's room server.
// Rooms are named by the URL path (ws://HOST:PORT/ROOM); every message a client
// sends goes, unchanged, to every other client of its room. No state, no validation.
//
//   node relay.js [PORT]   (0 or none: a free port) -> prints "listening on HOST:PORT"
const { WebSocketServer } = require('ws')

const rooms = new Map() // path -> Set of sockets
const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2] || 0), backlog: 4096 })

wss.on('connection', (ws, req) => {
  const name = req.url
  let room = rooms.get(name)
  if (!room) rooms.set(name, (room = new Set()))
  room.add(ws)
  ws.on('message', (data, isBinary) => {
    for (const peer of room) {
      if (peer !== ws && peer.readyState === 1) peer.send(data, { binary: isBinary })
    }
  })
  ws.on('close', () => {
    room.delete(ws)
    if (room.size === 0) rooms.delete(name)
  })
  ws.on('error', () => {})
})

wss.on('listening', () => {
  const a = wss.address()
  console.log(`listening on ${a.address}:${a.port}`)
})
